package dev.parley.room.errors;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import io.rsocket.RSocketErrorException;
import io.rsocket.exceptions.ApplicationErrorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.codec.CodecException;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;

/** The one mapping from exceptions to RSocket errors whose message is {@link ParleyException#toWire()}. */
final class WireErrors {

    private static final Logger log = LoggerFactory.getLogger(WireErrors.class);

    private WireErrors() {
    }

    static RSocketErrorException toWire(Throwable error) {
        if (error instanceof RSocketErrorException mapped) {
            return mapped;
        }
        return new ApplicationErrorException(toParley(error).toWire());
    }

    private static ParleyException toParley(Throwable error) {
        if (error instanceof ParleyException parley) {
            return parley;
        }
        if (error instanceof AuthenticationServiceException) {
            log.warn("Cannot check an access token: {}", error.getMessage());
            return new ParleyException(ErrorCode.AUTH_UNAVAILABLE, "the access token cannot be checked right now");
        }
        if (error instanceof AuthenticationException) {
            return new ParleyException(ErrorCode.TOKEN_INVALID, "the access token is not valid");
        }
        if (error instanceof AccessDeniedException) {
            // NOTE: every request type only requires authentication, so a denial means no (valid) token was sent.
            return new ParleyException(ErrorCode.UNAUTHENTICATED, "a bearer access token is required");
        }
        if (error instanceof CodecException || error instanceof MethodArgumentResolutionException
                || error instanceof MessageConversionException) {
            return new ParleyException(ErrorCode.INVALID_REQUEST, "the request payload is missing or malformed");
        }
        if (error instanceof MessageDeliveryException) {
            return new ParleyException(ErrorCode.INVALID_REQUEST, "unknown route");
        }
        log.error("Unexpected failure of an RSocket request", error);
        return new ParleyException(ErrorCode.INTERNAL, "internal error");
    }
}
