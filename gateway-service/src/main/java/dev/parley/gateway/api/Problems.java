package dev.parley.gateway.api;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.parley.model.ErrorCode;

/**
 * Parley's error vocabulary as RFC 9457 problem details: the one table from {@link ErrorCode} to HTTP status, and the
 * shape every problem body has ({@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, plus
 * {@code code} and {@code retryable}).
 */
final class Problems {

    /** How long a client should wait after a 503 (a backend or the issuer is unreachable). */
    static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);

    /** How long a client should wait after a 429; room password failures are counted per minute. */
    static final Duration RATE_LIMITED_RETRY_AFTER = Duration.ofSeconds(60);

    private Problems() {
    }

    /** The status a refusal with this code gets; the switch is exhaustive, so a new code cannot be forgotten. */
    static HttpStatus status(ErrorCode code) {
        return switch (code) {
            case BAD_FRAME, INVALID_ROOM_NAME, INVALID_PASSWORD, INVALID_MESSAGE, INVALID_REQUEST ->
                HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED, TOKEN_INVALID, TOKEN_EXPIRED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN, ROOM_ACCESS_DENIED -> HttpStatus.FORBIDDEN;
            // NOTE: 404, not 403: chat-service answers NOT_A_MEMBER alike for a foreign and an unknown room, and the
            // status must not tell them apart either.
            case NOT_A_MEMBER -> HttpStatus.NOT_FOUND;
            case ROOM_NAME_TAKEN -> HttpStatus.CONFLICT;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case AUTH_UNAVAILABLE, SERVICE_UNAVAILABLE, SLOW_CONSUMER -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** The Retry-After a response with this status carries, or null. */
    static Duration retryAfter(HttpStatus status) {
        return switch (status) {
            case TOO_MANY_REQUESTS -> RATE_LIMITED_RETRY_AFTER;
            case SERVICE_UNAVAILABLE -> UNAVAILABLE_RETRY_AFTER;
            default -> null;
        };
    }

    /** The code a framework-level refusal (unreadable body, unknown path, wrong method) is reported with. */
    static ErrorCode codeFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST, UNSUPPORTED_MEDIA_TYPE -> ErrorCode.BAD_FRAME;
            case UNAUTHORIZED -> ErrorCode.TOKEN_INVALID;
            case FORBIDDEN -> ErrorCode.FORBIDDEN;
            case TOO_MANY_REQUESTS -> ErrorCode.RATE_LIMITED;
            case SERVICE_UNAVAILABLE -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status.is5xxServerError() ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST;
        };
    }

    /** A problem body; {@code detail} must be safe to show to the caller. */
    static ProblemDetail of(HttpStatus status, ErrorCode code, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(code));
        problem.setTitle(title(code));
        if (path != null) {
            problem.setInstance(URI.create(path));
        }
        problem.setProperty("code", code.name());
        problem.setProperty("retryable", code.retryable());
        return problem;
    }

    /** {@code urn:parley:problem:not-a-member}: stable, and listed in docs/api.md and the OpenAPI document. */
    static URI type(ErrorCode code) {
        return URI.create("urn:parley:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** "Not a member": the same short summary for every problem of a type, as RFC 9457 asks. */
    static String title(ErrorCode code) {
        String words = code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
