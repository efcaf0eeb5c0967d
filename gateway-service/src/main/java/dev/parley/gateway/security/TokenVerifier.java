package dev.parley.gateway.security;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import reactor.core.publisher.Mono;

/** Checks a raw access token for the WebSocket sign-in, turning each failure into Parley's error vocabulary. */
@Component
public class TokenVerifier {

    private final ReactiveJwtDecoder decoder;

    TokenVerifier(ReactiveJwtDecoder decoder) {
        this.decoder = decoder;
    }

    /** The verified token, or a {@link ParleyException} with TOKEN_INVALID or AUTH_UNAVAILABLE. */
    public Mono<Jwt> verify(String token) {
        if (token == null || token.isBlank()) {
            return Mono.error(new ParleyException(ErrorCode.TOKEN_INVALID, "a token is required"));
        }
        return decoder.decode(token).onErrorMap(JwtException.class, TokenVerifier::refusal);
    }

    private static ParleyException refusal(JwtException e) {
        // NOTE: BadJwtException covers every problem with the token itself (signature, claims, expiry, format);
        // any other JwtException means the keys could not be fetched, which is the issuer's fault, not the client's.
        if (e instanceof BadJwtException) {
            return new ParleyException(ErrorCode.TOKEN_INVALID, "the access token is not valid");
        }
        return new ParleyException(ErrorCode.AUTH_UNAVAILABLE, "tokens cannot be checked right now");
    }
}
