package dev.parley.model;

/**
 * Parley's one error vocabulary: stable codes shared by WebSocket error frames, REST problem details and RSocket
 * errors. The {@code retryable} flag tells a client whether the same request may succeed later unchanged.
 */
public enum ErrorCode {
    /** The frame is not valid JSON, has an unknown type, or a field is missing or of the wrong type. */
    BAD_FRAME(false),
    /** A frame other than {@code auth} arrived before the connection was authenticated. */
    UNAUTHENTICATED(false),
    /** The access token is malformed, badly signed, expired, or for another issuer or audience. */
    TOKEN_INVALID(false),
    /** The connection's token has expired; send a renewed one (an {@code auth} frame) before the grace period ends. */
    TOKEN_EXPIRED(true),
    /** The token could not be checked because the issuer's keys cannot be fetched right now. */
    AUTH_UNAVAILABLE(true),
    /** The caller is authenticated but not allowed to do this. */
    FORBIDDEN(false),
    /** A room name is empty, too long, or has characters that are not allowed. */
    INVALID_ROOM_NAME(false),
    /** A room password does not meet the password rules. */
    INVALID_PASSWORD(false),
    /** Another room already has this name (names are unique ignoring case). */
    ROOM_NAME_TAKEN(false),
    /** The room name or the password is wrong; deliberately does not say which. */
    ROOM_ACCESS_DENIED(false),
    /** The caller is not a member of the room, or the room does not exist; deliberately does not say which. */
    NOT_A_MEMBER(false),
    /** A message is empty, whitespace only, or longer than the limit. */
    INVALID_MESSAGE(false),
    /** A request field is out of range (for example a page size or a sequence number). */
    INVALID_REQUEST(false),
    /** Too many requests in a short time; wait a moment and try again. */
    RATE_LIMITED(true),
    /** The receiver fell too far behind a live stream; it should resume from the last seq it has. */
    SLOW_CONSUMER(true),
    /** A backend service cannot be reached right now. */
    SERVICE_UNAVAILABLE(true),
    /** An unexpected failure; details are in the server log, never sent to the client. */
    INTERNAL(true);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
