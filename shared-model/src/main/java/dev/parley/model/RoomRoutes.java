package dev.parley.model;

/**
 * RSocket routes served by room-service. Every request carries the caller's JWT as bearer-token metadata
 * in the standard authentication extension ({@code message/x.rsocket.authentication.v0}, bearer); room-service authenticates and authorizes each one itself.
 */
public final class RoomRoutes {

    /** request-response, no payload: creates or refreshes the caller's user record from the token; returns {@link UserProfile}. */
    public static final String USERS_ME = "users.me";
    /**
     * request-response {@link RoomQuery} (or no payload: the first page) to {@link RoomPage}: one page of the rooms,
     * in name order ignoring case. A limit, search or after out of range fails with {@link ErrorCode#INVALID_REQUEST}.
     */
    public static final String PAGE = "rooms.page";
    /** request-response {@link CreateRoom} to {@link Room}. */
    public static final String CREATE = "rooms.create";
    /**
     * request-response {@link JoinRoom} to {@link Room}. A wrong password and an unknown name fail alike with
     * {@link ErrorCode#ROOM_ACCESS_DENIED}; after too many such failures (per user and room name, and per user) the
     * caller gets {@link ErrorCode#RATE_LIMITED} with the detail {@code "... try again in <N> s"} (N whole seconds).
     */
    public static final String JOIN = "rooms.join";
    /** request-stream, no payload: {@link RoomCreated} events from now on, from every room-service instance. */
    public static final String EVENTS = "rooms.events";
    /** request-response, no payload, route variable roomId: the caller's {@link Membership}. */
    public static final String MEMBERSHIP = "rooms.{roomId}.membership";
    /** request-stream, no payload, route variable roomId: the members' {@link UserProfile}s; members only. */
    public static final String MEMBERS = "rooms.{roomId}.members";
    /**
     * request-response {@link ChangeRoomPassword} to {@link Room}, route variable roomId: the room's owner (its
     * creator) sets a new password; other members get {@link ErrorCode#FORBIDDEN}, anyone else
     * {@link ErrorCode#NOT_A_MEMBER}, a password breaking the rules {@link ErrorCode#INVALID_PASSWORD}.
     */
    public static final String CHANGE_PASSWORD = "rooms.{roomId}.password";
    /**
     * request-response {@link RemoveMember} to {@link Membership}, route variable roomId: the room's owner removes a
     * member; answers the removed user's membership (member false, also if they were none). Refused like
     * {@link #CHANGE_PASSWORD}, and with {@link ErrorCode#FORBIDDEN} for the owner themselves. The user may join
     * again with the password, so change it too to keep them out. chat-service caches positive membership answers
     * for up to 30 s, so the removed user may still be let in there for that long. (The user id is in the payload,
     * not the route, because a token subject may contain '.', which a route variable cannot.)
     */
    public static final String REMOVE_MEMBER = "rooms.{roomId}.members.remove";
    /**
     * request-response, no payload, answers nothing: deletes the caller's account. The subject stays as a tombstone
     * (no name, no e-mail, no memberships; rooms it owns stay); every later request with a token of that subject is
     * refused with {@link ErrorCode#FORBIDDEN} "this account was deleted" (chat-service may still hold a positive
     * membership answer for up to 30 s).
     */
    public static final String USERS_ME_DELETE = "users.me.delete";

    private RoomRoutes() {
    }
}
