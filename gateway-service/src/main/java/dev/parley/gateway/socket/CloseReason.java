package dev.parley.gateway.socket;

import org.springframework.web.reactive.socket.CloseStatus;

/**
 * Why the gateway closes a connection. Codes 4000–4499 tell the client to reconnect (and resume); 4500–4999 tell it
 * not to reconnect without a change (for example a new token). Reasons are short fixed strings.
 */
enum CloseReason {

    /** The gateway is shutting down or draining; reconnect (another instance will answer) and resume. */
    GOING_AWAY(4000, "going away"),
    /** The client read too slowly and its queue filled; reconnect and resume. */
    SLOW_CONSUMER(4001, "slow consumer"),
    /** Tokens cannot be checked right now (issuer unreachable); reconnect later. */
    AUTH_UNAVAILABLE(4002, "auth unavailable"),
    /** A backend needed to sign in is unavailable; reconnect later. */
    SERVICE_UNAVAILABLE(4003, "service unavailable"),
    /** The token expired and no renewed one came within the grace period; renew it, then reconnect and resume. */
    TOKEN_EXPIRED(4004, "token expired"),
    /** The token was refused; get a new token before reconnecting. */
    TOKEN_INVALID(4501, "token invalid"),
    /** No {@code auth} frame arrived in time. */
    AUTH_TIMEOUT(4502, "auth timeout"),
    /** A renewed token was for another user. */
    USER_CHANGED(4503, "user changed"),
    /** The account may not use Parley (for example it was deleted). */
    FORBIDDEN(4504, "forbidden");

    private final int code;

    private final String reason;

    CloseReason(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    CloseStatus status() {
        return new CloseStatus(code, reason);
    }
}
