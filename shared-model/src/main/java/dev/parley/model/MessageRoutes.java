package dev.parley.model;

/**
 * RSocket routes served by chat-service. Every request carries the caller's JWT as bearer-token metadata
 * in the standard authentication extension ({@code message/x.rsocket.authentication.v0}, bearer); chat-service authenticates the caller and asks room-service
 * whether the caller is a member of the room.
 */
public final class MessageRoutes {

    /** request-response {@link PostMessage} to {@link MessageAck}, route variable roomId. */
    public static final String POST = "messages.{roomId}.post";
    /**
     * request-response {@link PostMessages} to {@link PostOutcomes}, route variable roomId: one sender's posts to one
     * room, stored in the order given (a gateway sends the messages a connection queued while its previous post was
     * on its way). A refusal of the whole request (membership, a malformed batch) fails it as {@link #POST} would.
     */
    public static final String POST_ALL = "messages.{roomId}.posts";
    /** request-response {@link HistoryQuery} to {@link HistoryPage}, route variable roomId. */
    public static final String HISTORY = "messages.{roomId}.history";
    /** request-stream {@link StreamRequest} to {@link ChatMessage}s, route variable roomId. */
    public static final String STREAM = "messages.{roomId}.stream";
    /**
     * request-stream, no payload, route variable roomId: {@link RelayItem}s — the room's head, then its messages and
     * removals from now on — for a gateway to hand to every member it serves. Needs scope {@code chat.relay} (the
     * gateway's own client-credentials token) instead of membership; anyone else gets {@link ErrorCode#FORBIDDEN}.
     * The gateway enforces membership for each of its connections.
     */
    public static final String RELAY = "messages.{roomId}.relay";

    /**
     * The detail of the {@link ErrorCode#SERVICE_UNAVAILABLE} with which a stopping chat-service instance refuses a
     * new request: it took nothing, so a gateway may ask the room's next instance instead.
     */
    public static final String INSTANCE_STOPPING = "this chat-service instance is stopping; try again";

    private MessageRoutes() {
    }
}
