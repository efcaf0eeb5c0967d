package dev.parley.room.errors;

import reactor.core.publisher.Mono;

import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.web.bind.annotation.ControllerAdvice;

/** Turns every exception raised while handling an RSocket request into a "CODE: detail" error. */
@ControllerAdvice
class ErrorAdvice {

    @MessageExceptionHandler(Throwable.class)
    Mono<Void> handle(Throwable error) {
        return Mono.error(WireErrors.toWire(error));
    }
}
