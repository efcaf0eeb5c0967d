package dev.parley.chat.security;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import io.rsocket.exceptions.ApplicationErrorException;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.rsocket.api.PayloadExchange;
import org.springframework.security.rsocket.api.PayloadInterceptor;
import org.springframework.security.rsocket.api.PayloadInterceptorChain;

/**
 * Turns Spring Security's refusals into Parley's wire errors ("CODE: detail"), so a caller can tell a bad token
 * from a missing one or from an issuer that cannot be reached.
 */
final class SecurityErrorInterceptor implements PayloadInterceptor, Ordered {

    @Override
    public Mono<Void> intercept(PayloadExchange exchange, PayloadInterceptorChain chain) {
        return chain.next(exchange).onErrorMap(SecurityErrorInterceptor::toWire);
    }

    // NOTE: security failures happen before any @MessageMapping handler, so the @ControllerAdvice never sees them.
    static Throwable toWire(Throwable error) {
        ParleyException refusal;
        if (error instanceof AuthenticationServiceException) {
            refusal = new ParleyException(ErrorCode.AUTH_UNAVAILABLE, "the token cannot be checked right now");
        }
        else if (error instanceof AuthenticationException) {
            refusal = new ParleyException(ErrorCode.TOKEN_INVALID, "the access token was rejected");
        }
        else if (error instanceof AccessDeniedException) {
            refusal = new ParleyException(ErrorCode.UNAUTHENTICATED, "a bearer token is required");
        }
        else {
            return error;
        }
        return new ApplicationErrorException(refusal.toWire());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
