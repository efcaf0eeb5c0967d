package dev.parley.gateway.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.parley.gateway.backend.CallerToken;
import dev.parley.model.ChangeRoomPassword;
import dev.parley.model.CreateRoom;
import dev.parley.model.ErrorCode;
import dev.parley.model.HistoryQuery;
import dev.parley.model.JoinRoom;
import dev.parley.model.ParleyException;
import dev.parley.model.MessageAck;
import dev.parley.model.PostMessage;
import dev.parley.model.PostOutcome;
import dev.parley.model.RemoveMember;
import dev.parley.model.RoomQuery;
import dev.parley.model.frame.ClientFrame;
import dev.parley.model.frame.ServerFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;

/**
 * One WebSocket connection: its signed-in user, the rooms it receives, and the one bounded queue of frames waiting
 * for the client. Replies and the gateway's room feed ({@link RoomFeed}) go through the queue; room streams are
 * merged into the output with their own demand, so a slow client slows only itself and is closed (4001) before it
 * costs unbounded memory.
 */
final class ChatSession {

    private static final Logger log = LoggerFactory.getLogger(ChatSession.class);

    private static final int STREAMS_LINK_SIZE = 8;

    private final SessionCollaborators backends;

    private final SocketProperties properties;

    private final Sinks.Many<Outgoing> queue;

    /** The room list and each entered room: a few per connection, so a small queue. */
    private final Sinks.Many<Flux<Outgoing>> streams = Sinks.many().unicast()
            .onBackpressureBuffer(Queues.<Flux<Outgoing>>unbounded(STREAMS_LINK_SIZE).get());

    private final Sinks.One<CloseReason> abort = Sinks.one();

    private final Map<UUID, RoomSubscription> entered = new ConcurrentHashMap<>();

    /** The expiry of the current token; each renewal replaces the pending expiry timer. */
    private final Sinks.Many<Instant> tokenExpiries = Sinks.many().replay().latest();

    private final FrameRate frameRate;

    /** The signed-in user's id (the token's subject); null until signed in. Not the whole token: heap per connection. */
    private volatile String userId;

    /** An auth frame has arrived; from then on the backend timeouts, not the auth deadline, bound the sign-in. */
    private volatile boolean authFrameReceived;

    private volatile CallerToken token;

    /** This connection's sends on their way to chat-service; null until its first send. */
    private volatile Outbox outbox;

    /** When a frame was last handed to the socket ({@link System#nanoTime()}). */
    private volatile long lastWrittenAt = System.nanoTime();

    ChatSession(SessionCollaborators backends, SocketProperties properties) {
        this.backends = backends;
        this.properties = properties;
        this.queue = Sinks.many().unicast()
                .onBackpressureBuffer(new BoundedLinkedQueue<>(properties.outboundQueue()));
        this.frameRate = new FrameRate(properties.framesPerSecond(), properties.frameBurst(), System.nanoTime());
    }

    /** Everything to write to the client, ending with the instruction to close (if the server closes). */
    Flux<Outgoing> output() {
        // NOTE: the deadline is for the client's part only. Checking the token and recording the user take as long as
        // the issuer and room-service take; those calls time out on their own with a retryable close (4002, 4003),
        // so that a slow server never tells a client it was too slow.
        Flux<Outgoing> authDeadline = Mono.delay(properties.authTimeout())
                .filter(tick -> userId == null && !authFrameReceived)
                .doOnNext(tick -> log.info("Closing a connection that sent no auth frame within {}",
                        properties.authTimeout()))
                .flatMapMany(tick -> Flux.just(error(null, ErrorCode.UNAUTHENTICATED, "sign in took too long"),
                        new Outgoing.Close(CloseReason.AUTH_TIMEOUT)));
        return Flux.merge(queue.asFlux(), streams.asFlux().flatMap(stream -> stream, properties.maxEnteredRooms() + 1),
                authDeadline, tokenExpiry())
                .takeUntilOther(abort.asMono())
                .concatWith(abort.asMono().map(Outgoing.Close::new))
                .takeUntil(outgoing -> outgoing instanceof Outgoing.Close);
    }

    /**
     * At the token's expiry the client is told (TOKEN_EXPIRED) and gets a grace period to send a renewed token in
     * band; without one it is closed with 4004. A renewal cancels the pending timer.
     */
    private Flux<Outgoing> tokenExpiry() {
        return tokenExpiries.asFlux().switchMap(expiresAt -> {
            Duration untilExpiry = Duration.between(Instant.now(), expiresAt);
            Duration grace = properties.tokenGrace();
            return Mono.delay(untilExpiry.isNegative() ? Duration.ZERO : untilExpiry)
                    .flatMapMany(tick -> Flux.concat(
                            Mono.just(error(null, ErrorCode.TOKEN_EXPIRED,
                                    "the token has expired; send a renewed one within " + grace.toSeconds() + " s")),
                            Mono.delay(grace).map(late -> new Outgoing.Close(CloseReason.TOKEN_EXPIRED))));
        });
    }

    /** Whether the connection may send another frame now (a flood gets RATE_LIMITED, the connection survives). */
    boolean admit(String ref) {
        if (frameRate.tryAcquire(System.nanoTime())) {
            return true;
        }
        send(error(ref, ErrorCode.RATE_LIMITED, "too many frames; slow down"));
        return false;
    }

    /** Handles one inbound frame; replies are queued, never thrown. */
    Mono<Void> onFrame(ClientFrame frame) {
        if (frame instanceof ClientFrame.Auth) {
            authFrameReceived = true;
        }
        if (userId == null && !(frame instanceof ClientFrame.Auth)) {
            send(error(frame.ref(), ErrorCode.UNAUTHENTICATED, "send an auth frame first"));
            return Mono.empty();
        }
        // NOTE: deferred, so that a refusal thrown while the call is being built (a missing field) becomes an error
        // frame like any other instead of ending the connection.
        Mono<Void> handled = Mono.defer(() -> dispatch(frame))
                .doOnNext(this::send)
                .onErrorResume(e -> afterSends().then(Mono.fromRunnable(() -> send(error(frame.ref(), e)))))
                .then();
        // NOTE: a send is handed to the outbox and does not wait for its acknowledgement; every other frame (and a
        // send's own refusal) waits until the sends before it are answered, so replies keep the order of the frames
        // and, say, a room.leave never overtakes the messages sent before it.
        return frame instanceof ClientFrame.SendMessage ? handled : afterSends().then(handled);
    }

    /** Completes when every message.send handled so far has been answered. */
    private Mono<Void> afterSends() {
        Outbox current = outbox;
        return current == null ? Mono.empty() : current.drained();
    }

    /**
     * Time for a WebSocket ping (the gateway's one timer, {@link ConnectedClients}, calls every connection): sent only
     * to a connection that had nothing written to it for half the interval. NOTE: a busy connection needs no ping, and
     * a ping queued behind a slow reader's frames made its pong arrive after the gateway had closed the connection
     * (4001): the reset that answered it threw away the close frame the client had not read yet.
     */
    void keepAlive() {
        if (System.nanoTime() - lastWrittenAt >= properties.pingInterval().toNanos() / 2) {
            send(new Outgoing.KeepAlive());
        }
    }

    /** A frame was handed to the socket. */
    void written() {
        lastWrittenAt = System.nanoTime();
    }

    /** The gateway is stopping: the client is to reconnect to another instance and resume. */
    void goAway() {
        abort.tryEmitValue(CloseReason.GOING_AWAY);
    }

    /** A frame that could not be decoded. */
    void onUnreadableFrame(ParleyException e) {
        send(error(null, e));
    }

    /** The client went away: stop every stream so no backend subscription outlives the connection. */
    void closed() {
        Outbox current = outbox;
        if (current != null) {
            current.discard();
        }
        entered.values().forEach(RoomSubscription::stop);
        entered.clear();
        streams.tryEmitComplete();
        tokenExpiries.tryEmitComplete();
        queue.tryEmitComplete();
    }

    private Mono<Outgoing> dispatch(ClientFrame frame) {
        if (frame instanceof ClientFrame.Auth auth) {
            return authenticate(auth);
        }
        if (frame instanceof ClientFrame.Ping ping) {
            return frame(new ServerFrame.Pong(ping.ref()));
        }
        if (frame instanceof ClientFrame.ListRooms list) {
            return backends.rooms().list(token, new RoomQuery(list.search(), list.after(), list.limit()))
                    .map(page -> new Outgoing.Frame(new ServerFrame.Rooms(list.ref(), page.rooms(), page.next())));
        }
        if (frame instanceof ClientFrame.CreateRoom create) {
            return backends.rooms().create(token,
                    new CreateRoom(require(create.name(), "name"), require(create.password(), "password")))
                    .map(room -> new Outgoing.Frame(new ServerFrame.RoomJoined(create.ref(), room)));
        }
        if (frame instanceof ClientFrame.JoinRoom join) {
            return backends.rooms().join(token,
                    new JoinRoom(require(join.name(), "name"), require(join.password(), "password")))
                    .map(room -> new Outgoing.Frame(new ServerFrame.RoomJoined(join.ref(), room)));
        }
        if (frame instanceof ClientFrame.EnterRoom enter) {
            return enter(enter);
        }
        if (frame instanceof ClientFrame.LeaveRoom leave) {
            return leave(leave);
        }
        if (frame instanceof ClientFrame.FetchHistory fetch) {
            return fetchHistory(fetch);
        }
        if (frame instanceof ClientFrame.SendMessage message) {
            return post(message);
        }
        if (frame instanceof ClientFrame.ChangeRoomPassword change) {
            UUID roomId = require(change.roomId(), "roomId");
            String newPassword = require(change.newPassword(), "newPassword");
            return backends.rooms().changePassword(token, roomId, new ChangeRoomPassword(newPassword))
                    .map(room -> new Outgoing.Frame(new ServerFrame.RoomPasswordChanged(change.ref(), roomId)));
        }
        if (frame instanceof ClientFrame.RemoveMember remove) {
            UUID roomId = require(remove.roomId(), "roomId");
            String userId = require(remove.userId(), "userId");
            return backends.rooms().removeMember(token, roomId, new RemoveMember(userId))
                    .map(gone -> new Outgoing.Frame(new ServerFrame.MemberRemoved(remove.ref(), roomId, userId)));
        }
        return Mono.error(new ParleyException(ErrorCode.BAD_FRAME, "unknown frame type"));
    }

    private Mono<Outgoing> authenticate(ClientFrame.Auth auth) {
        return backends.tokens().verify(auth.token())
                .flatMap(jwt -> {
                    String current = userId;
                    if (current == null) {
                        return signIn(auth, jwt);
                    }
                    if (!Objects.equals(current, jwt.getSubject())) {
                        send(error(auth.ref(), ErrorCode.FORBIDDEN, "a renewed token must be for the same user"));
                        return Mono.just(new Outgoing.Close(CloseReason.USER_CHANGED));
                    }
                    token = new CallerToken(auth.token());
                    watchExpiry(jwt);
                    return frame(new ServerFrame.TokenRefreshed(auth.ref(), jwt.getExpiresAt()));
                })
                .onErrorResume(failure -> {
                    // NOTE: every failure of a first sign-in closes the connection: one left open unauthenticated
                    // would no longer be bounded by the auth deadline.
                    ParleyException e = failure instanceof ParleyException p ? p : unexpected(failure);
                    if (userId != null && e.code() != ErrorCode.TOKEN_INVALID) {
                        // A failed renewal does not end a session whose current token is still good.
                        return Mono.just(error(auth.ref(), e));
                    }
                    if (e.code().retryable()) {
                        log.warn("Sign-in failed, the client is told to retry: {}", e.getMessage());
                    }
                    send(error(auth.ref(), e));
                    return Mono.just(new Outgoing.Close(switch (e.code()) {
                        case TOKEN_INVALID -> CloseReason.TOKEN_INVALID;
                        case AUTH_UNAVAILABLE -> CloseReason.AUTH_UNAVAILABLE;
                        case FORBIDDEN -> CloseReason.FORBIDDEN;
                        default -> CloseReason.SERVICE_UNAVAILABLE;
                    }));
                });
    }

    private static ParleyException unexpected(Throwable failure) {
        log.error("Unexpected failure during sign-in", failure);
        return new ParleyException(ErrorCode.SERVICE_UNAVAILABLE, "signing in failed; try again");
    }

    private Mono<Outgoing> signIn(ClientFrame.Auth auth, Jwt jwt) {
        CallerToken caller = new CallerToken(auth.token());
        // NOTE: users.me is the user's first contact with room-service: it creates or refreshes their record.
        return backends.rooms().me(caller).flatMap(profile -> {
            token = caller;
            watchExpiry(jwt);
            send(new Outgoing.Frame(new ServerFrame.Ready(auth.ref(), profile, jwt.getExpiresAt())));
            // NOTE: signed in (userId set) after ready, so that no room frame of the gateway's RoomFeed precedes it,
            // and before the list is asked for, so that no room created meanwhile is missed (the list repeats it at
            // worst).
            userId = jwt.getSubject();
            streams.tryEmitNext(roomList());
            return Mono.empty();
        });
    }

    private void watchExpiry(Jwt jwt) {
        if (jwt.getExpiresAt() != null) {
            tokenExpiries.tryEmitNext(jwt.getExpiresAt());
        }
    }

    /** The room list's first page as it is now, asked for again while room-service cannot answer; rooms created
     * later come from the gateway's {@link RoomFeed}. */
    private Flux<Outgoing> roomList() {
        Flux<Outgoing> snapshot = Flux.defer(() -> backends.rooms().list(token, RoomQuery.firstPage())
                .map(page -> new Outgoing.Frame(new ServerFrame.Rooms(null, page.rooms(), page.next()))));
        return resilient(snapshot, null);
    }

    /** A frame for every signed-in connection (the room feed); a connection not yet signed in gets none. */
    void onBroadcast(Outgoing outgoing) {
        if (userId != null) {
            send(outgoing);
        }
    }

    private Mono<Outgoing> enter(ClientFrame.EnterRoom enter) {
        UUID roomId = require(enter.roomId(), "roomId");
        if (enter.afterSeq() != null && enter.afterSeq() < 0) {
            return Mono.error(new ParleyException(ErrorCode.INVALID_REQUEST, "afterSeq must be 0 or more"));
        }
        if (!entered.containsKey(roomId) && entered.size() >= properties.maxEnteredRooms()) {
            return Mono.error(new ParleyException(ErrorCode.INVALID_REQUEST,
                    "a connection may receive at most " + properties.maxEnteredRooms() + " rooms"));
        }
        CallerToken caller = token;
        Mono<ServerFrame.RoomEntered> start = enter.afterSeq() == null
                ? backends.messages().history(caller, roomId, new HistoryQuery(null, properties.historyPageSize()))
                        .map(page -> new ServerFrame.RoomEntered(enter.ref(), roomId, page.messages(), page.hasMore()))
                : backends.rooms().membership(caller, roomId).map(membership -> {
                    if (!membership.member()) {
                        throw new ParleyException(ErrorCode.NOT_A_MEMBER, "you are not a member of this room");
                    }
                    return new ServerFrame.RoomEntered(enter.ref(), roomId, List.of(), false);
                });
        return start.flatMap(first -> {
            long afterSeq = enter.afterSeq() != null ? enter.afterSeq()
                    : first.messages().isEmpty() ? 0 : first.messages().get(first.messages().size() - 1).seq();
            RoomSubscription subscription = new RoomSubscription(roomId);
            RoomSubscription previous = entered.put(roomId, subscription);
            if (previous != null) {
                previous.stop();
            }
            streams.tryEmitNext(subscription.frames(first, afterSeq, enter.ref()));
            return Mono.empty();
        });
    }

    private Mono<Outgoing> leave(ClientFrame.LeaveRoom leave) {
        UUID roomId = require(leave.roomId(), "roomId");
        RoomSubscription subscription = entered.remove(roomId);
        if (subscription == null) {
            return frame(new ServerFrame.RoomLeft(leave.ref(), roomId));
        }
        // NOTE: room.left travels through the room's own stream, so no message of the room follows it.
        subscription.leave(leave.ref());
        return Mono.empty();
    }

    private Mono<Outgoing> fetchHistory(ClientFrame.FetchHistory fetch) {
        UUID roomId = require(fetch.roomId(), "roomId");
        // NOTE: chat-service reads limit 0 as "not given" (HistoryQuery.limit is an int), so an explicit 0 is refused
        // here, where missing and 0 can still be told apart.
        if (fetch.limit() != null && fetch.limit() < 1) {
            return Mono.error(new ParleyException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and 100"));
        }
        int limit = fetch.limit() == null ? properties.historyPageSize() : fetch.limit();
        return backends.messages().history(token, roomId, new HistoryQuery(fetch.beforeSeq(), limit))
                .map(page -> new Outgoing.Frame(
                        new ServerFrame.History(fetch.ref(), roomId, page.messages(), page.hasMore())));
    }

    private Mono<Outgoing> post(ClientFrame.SendMessage message) {
        UUID roomId = require(message.roomId(), "roomId");
        PostMessage post = new PostMessage(require(message.clientMsgId(), "clientMsgId"),
                require(message.text(), "text"));
        // NOTE: checked after the frame's own checks, so only sends that would reach chat-service count; a flood of
        // invalid ones costs no backend call and is bounded by the connection's frame rate.
        if (!backends.userSendRates().tryAcquire(userId)) {
            return Mono.error(new ParleyException(ErrorCode.RATE_LIMITED, "too many messages; slow down"));
        }
        Outbox.Send send = new Outbox.Send(message.ref(), roomId, post);
        Outbox sends = outbox();
        if (sends.offer(send)) {
            return Mono.empty();
        }
        // NOTE: a full outbox stops this connection's reading until it has drained (TCP pushes back on the client)
        // rather than refusing the send: a refused send would be stored after the ones sent after it.
        return sends.drained().then(Mono.fromRunnable(() -> {
            if (!sends.offer(send)) {
                throw new IllegalStateException("an empty outbox refused a send");
            }
        }));
    }

    /** Made on the first send: most connections of an idle crowd never send (heap per connection). */
    private Outbox outbox() {
        Outbox current = outbox;
        if (current == null) {
            current = new Outbox(properties.queuedSends(), this::postAll, this::answer);
            outbox = current;
        }
        return current;
    }

    /** One room's sends: one goes as messages.post, more as messages.posts (stored in the order given). */
    private Mono<List<PostOutcome>> postAll(UUID roomId, List<PostMessage> posts) {
        CallerToken caller = token;
        if (posts.size() == 1) {
            return backends.messages().post(caller, roomId, posts.get(0))
                    .map(ack -> List.<PostOutcome>of(new PostOutcome.Stored(ack)));
        }
        return backends.messages().postAll(caller, roomId, posts);
    }

    private void answer(Outbox.Send sent, PostOutcome outcome) {
        if (outcome instanceof PostOutcome.Stored stored) {
            MessageAck ack = stored.ack();
            send(new Outgoing.Frame(new ServerFrame.MessageAcked(sent.ref(), ack.roomId(), ack.id(), ack.seq(),
                    ack.sentAt(), ack.clientMsgId())));
        }
        else if (outcome instanceof PostOutcome.Refused refused) {
            send(error(sent.ref(), refused.code(), refused.detail()));
        }
    }

    /**
     * Keeps a backend stream alive across backend restarts (the {@code source} is re-subscribed with the latest
     * state); a slow client is closed, anything else not retryable ends the stream with an error frame.
     */
    private Flux<Outgoing> resilient(Flux<Outgoing> source, String ref) {
        return source
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                        .maxBackoff(backends.streamRetryMaxBackoff())
                        .filter(e -> e instanceof ParleyException p && p.code().retryable()
                                && p.code() != ErrorCode.SLOW_CONSUMER))
                .onErrorResume(e -> {
                    if (e instanceof ParleyException p && p.code() == ErrorCode.SLOW_CONSUMER) {
                        abort.tryEmitValue(CloseReason.SLOW_CONSUMER);
                        return Flux.empty();
                    }
                    return Flux.just(error(ref, e));
                });
    }

    private void send(Outgoing outgoing) {
        Sinks.EmitResult result;
        synchronized (queue) {
            result = queue.tryEmitNext(outgoing);
        }
        if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
            abort.tryEmitValue(CloseReason.SLOW_CONSUMER);
        }
    }

    private static Mono<Outgoing> frame(ServerFrame frame) {
        return Mono.just(new Outgoing.Frame(frame));
    }

    private static Outgoing error(String ref, ErrorCode code, String message) {
        return new Outgoing.Frame(new ServerFrame.Error(ref, code.name(), message, code.retryable()));
    }

    private static Outgoing error(String ref, Throwable e) {
        if (e instanceof ParleyException p) {
            return error(ref, p.code(), p.getMessage());
        }
        log.error("Unexpected failure handling a frame", e);
        return error(ref, ErrorCode.INTERNAL, "internal error");
    }

    /** A required field missing or null is BAD_FRAME; a value present but invalid is for the service to refuse. */
    private static <T> T require(T value, String field) {
        if (value == null) {
            throw new ParleyException(ErrorCode.BAD_FRAME, "field '" + field + "' is required");
        }
        return value;
    }

    /**
     * One entered room: its messages from a seq on, from the room's relay shared by this gateway's members
     * ({@link RoomRelays}), resumed after backend failures, until left.
     */
    private final class RoomSubscription {

        private final UUID roomId;

        private final Sinks.Empty<Void> stop = Sinks.empty();

        private volatile boolean left;

        private volatile String leaveRef;

        RoomSubscription(UUID roomId) {
            this.roomId = roomId;
        }

        Flux<Outgoing> frames(ServerFrame.RoomEntered first, long afterSeq, String ref) {
            AtomicLong lastSeq = new AtomicLong(afterSeq);
            // NOTE: membership is checked again at each (re)start of the room's stream: the entry check is moments
            // old, but a resume may follow a broken relay, during which a removal may have gone unheard.
            Mono<Void> checkMember = Mono.defer(() -> backends.rooms().membership(token, roomId))
                    .flatMap(membership -> membership.member() ? Mono.<Void>empty()
                            : Mono.error(new ParleyException(ErrorCode.NOT_A_MEMBER,
                                    "you are not a member of this room")));
            RoomCursor.CatchUp ownStream = after -> backends.messages().stream(token, roomId, after);
            Flux<Outgoing> messages = Flux.defer(() -> backends.relays().follow(roomId, lastSeq.get(), userId,
                            checkMember, ownStream)
                            .onErrorResume(RoomRelays.RelayRefused.class, refused -> Flux.defer(
                                    () -> ownStream.after(lastSeq.get()).map(RoomCursor.Delivery::of))))
                    .doOnNext(delivery -> lastSeq.set(delivery.seq()))
                    .map(RoomCursor.Delivery::outgoing);
            return Flux.concat(Mono.just(new Outgoing.Frame(first)), resilient(messages, ref))
                    .takeUntilOther(stop.asMono())
                    .concatWith(Mono.fromSupplier(
                            () -> left ? new Outgoing.Frame(new ServerFrame.RoomLeft(leaveRef, roomId)) : null))
                    .doFinally(signal -> entered.remove(roomId, this));
        }

        void leave(String ref) {
            leaveRef = ref;
            left = true;
            stop.tryEmitEmpty();
        }

        void stop() {
            stop.tryEmitEmpty();
        }
    }
}
