package dev.parley.gateway.backend;

import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import io.rsocket.RSocketErrorException;

/**
 * Turns what comes back from an RSocket call into Parley's error vocabulary. Services send {@code "CODE: detail"}
 * messages; anything else (a lost connection, an unexpected message) is the gateway's to classify.
 */
final class RemoteErrors {

    private static final Logger log = LoggerFactory.getLogger(RemoteErrors.class);

    private RemoteErrors() {
    }

    static ParleyException translate(Throwable error) {
        if (error instanceof ParleyException parley) {
            return parley;
        }
        if (error instanceof RSocketErrorException remote && remote.getMessage() != null) {
            ParleyException decoded = decode(remote.getMessage());
            if (decoded != null) {
                return decoded;
            }
        }
        if (error instanceof TimeoutException) {
            return new ParleyException(ErrorCode.SERVICE_UNAVAILABLE, "the service did not answer in time");
        }
        log.warn("Backend call failed: {}", error.toString());
        return new ParleyException(ErrorCode.SERVICE_UNAVAILABLE, "the service is not available right now");
    }

    private static ParleyException decode(String message) {
        int colon = message.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            ErrorCode code = ErrorCode.valueOf(message.substring(0, colon));
            return new ParleyException(code, message.substring(colon + 1).strip());
        }
        catch (IllegalArgumentException notOurs) {
            return null;
        }
    }
}
