package dev.parley.gateway.security;

import org.springframework.security.oauth2.jwt.JwtException;

/** The issuer's signing keys could not be fetched: the token could not be judged, which is not its fault. */
class KeysUnavailableException extends JwtException {

    private static final long serialVersionUID = 1L;

    KeysUnavailableException(Throwable cause) {
        super("the issuer's keys cannot be fetched", cause);
    }
}
