package dev.parley.gateway.backend;

import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import io.rsocket.metadata.WellKnownMimeType;

/** The end user's access token, forwarded with every backend call so that each service checks it itself. */
public record CallerToken(String value) {

    /** The standard RSocket authentication extension; Spring Security reads bearer tokens from it. */
    static final MimeType MIME_TYPE = MimeTypeUtils
            .parseMimeType(WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString());

    BearerTokenMetadata metadata() {
        return new BearerTokenMetadata(value);
    }

    @Override
    public String toString() {
        return "CallerToken[***]";
    }
}
