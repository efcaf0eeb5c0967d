package dev.parley.chat.message;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import io.rsocket.exceptions.ApplicationErrorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.codec.CodecException;
import org.springframework.core.convert.ConversionException;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * The one mapping from exceptions to RSocket errors: a {@link ParleyException} travels as its wire form ("CODE:
 * detail"), a malformed request as INVALID_REQUEST, anything else as INTERNAL with the details kept in the log.
 */
@ControllerAdvice
class MessageErrors {

    private static final Logger log = LoggerFactory.getLogger(MessageErrors.class);

    // NOTE: Spring routes only failures raised before a handler returns through here; errors inside a returned
    // Mono or Flux reach the requester directly, so the controller maps those with toWire as well.
    @MessageExceptionHandler
    Mono<Void> handle(Throwable error) {
        return Mono.error(toWire(error));
    }

    static Throwable toWire(Throwable error) {
        if (error instanceof ApplicationErrorException alreadyMapped) {
            return alreadyMapped;
        }
        return new ApplicationErrorException(refusal(error).toWire());
    }

    /** The refusal a failure stands for: itself if a {@link ParleyException}, else INVALID_REQUEST or INTERNAL. */
    static ParleyException refusal(Throwable error) {
        if (error instanceof ParleyException parley) {
            return parley;
        }
        if (isMalformedRequest(error)) {
            return new ParleyException(ErrorCode.INVALID_REQUEST, "the request payload or route is malformed");
        }
        log.error("Unexpected failure", error);
        return new ParleyException(ErrorCode.INTERNAL, "internal error");
    }

    private static boolean isMalformedRequest(Throwable error) {
        return error instanceof CodecException || error instanceof MessageConversionException
                || error instanceof MethodArgumentResolutionException || error instanceof ConversionException;
    }
}
