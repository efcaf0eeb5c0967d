package dev.parley.model;

/**
 * RSocket routes served by room-service. Every request carries the caller's JWT as bearer-token metadata
 * in the standard authentication extension ({@code message/x.rsocket.authentication.v0}, bearer); room-service authenticates and authorizes each one itself.
 */
public final class RoomRoutes {

    /** request-response, no payload: creates or refreshes the caller's user record from the token; returns {@link UserProfile}. */
    public static final String USERS_ME = "users.me";
    /** request-stream, no payload: every {@link Room}, oldest first. */
    public static final String LIST = "rooms.list";
    /** request-response {@link CreateRoom} to {@link Room}. */
    public static final String CREATE = "rooms.create";
    /** request-response {@link JoinRoom} to {@link Room}. */
    public static final String JOIN = "rooms.join";
    /** request-stream, no payload: {@link RoomCreated} events from now on, from every room-service instance. */
    public static final String EVENTS = "rooms.events";
    /** request-response, no payload, route variable roomId: the caller's {@link Membership}. */
    public static final String MEMBERSHIP = "rooms.{roomId}.membership";
    /** request-stream, no payload, route variable roomId: the members' {@link UserProfile}s; members only. */
    public static final String MEMBERS = "rooms.{roomId}.members";

    private RoomRoutes() {
    }
}
