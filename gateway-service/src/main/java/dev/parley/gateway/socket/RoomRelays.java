package dev.parley.gateway.socket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.parley.gateway.backend.BackendProperties;
import dev.parley.gateway.backend.MessageBackend;
import dev.parley.gateway.backend.ServiceToken;
import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.RelayItem;
import dev.parley.model.frame.ServerFrame;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One relay per room that has members connected to this gateway, shared by all of them: chat-service sends each
 * message once per gateway instead of once per member, and its JSON is written once. A relay runs under the gateway's
 * own token ({@link ServiceToken}, scope chat.relay); each member's access is checked here. It starts with the first
 * member to enter and stops with the last to leave; a broken relay ends every member's stream of it with a retryable
 * error, each resumes from its own position ({@link RoomCursor}), and the first to resume starts a new relay. A relay
 * that chat-service refuses (a client without the scope) ends its members' streams with {@link RelayRefused}, and
 * they fall back to their own streams.
 */
@Component
class RoomRelays {

    private static final Logger log = LoggerFactory.getLogger(RoomRelays.class);

    private final Map<UUID, Relay> relays = new ConcurrentHashMap<>();

    private final ServiceToken serviceToken;

    private final MessageBackend messages;

    private final FrameCodec codec;

    private final int bufferSize;

    private final Duration headTimeout;

    RoomRelays(ServiceToken serviceToken, MessageBackend messages, FrameCodec codec, SocketProperties properties,
            BackendProperties backend) {
        this.serviceToken = serviceToken;
        this.messages = messages;
        this.codec = codec;
        this.bufferSize = properties.outboundQueue();
        this.headTimeout = backend.requestTimeout();
    }

    /**
     * A member's messages of the room after afterSeq, from the room's relay. {@code checkMember} is asked once the
     * member is registered with a relay that hears the room's removals, so no removal can fall between the check and
     * the relay; it fails (NOT_A_MEMBER) to refuse. The member's removal ends the stream at once (NOT_A_MEMBER), ahead
     * of whatever waits for the client; so does falling too far behind (SLOW_CONSUMER) and a broken relay (retryable,
     * or {@link RelayRefused}).
     */
    Flux<RoomCursor.Delivery> follow(UUID roomId, long afterSeq, String userId, Mono<Void> checkMember,
            RoomCursor.CatchUp catchUp) {
        return Flux.using(() -> join(roomId, userId), member -> {
            Relay relay = member.relay;
            Mono<RoomCursor.Start> start = relay.started.asMono()
                    .then(checkMember)
                    .then(Mono.fromSupplier(() -> new RoomCursor.Start(relay.position)));
            // NOTE: a member's end (removal, overflow, a broken relay) skips the messages waiting for the client.
            Mono<RoomCursor.Delivery> ended = member.failure.asMono().flatMap(Mono::error);
            return Flux.merge(RoomCursor.follow(afterSeq, member.steps.asFlux(), start, catchUp), ended);
        }, member -> member.relay.leave(member));
    }

    /** Rooms with a relay open (for tests and metrics). */
    int size() {
        return relays.size();
    }

    /** Registers the member with the room's relay (starting one if none runs), before anything is asked of it. */
    private Member join(UUID roomId, String userId) {
        Member[] joined = new Member[1];
        Relay relay = relays.compute(roomId, (id, existing) -> {
            Relay open = existing == null ? new Relay(roomId) : existing;
            joined[0] = new Member(open, userId);
            open.members.add(joined[0]);
            return open;
        });
        relay.startOnce();
        return joined[0];
    }

    /** A member's place in a relay: its bounded queue of messages, and how it ended, which skips that queue. */
    private final class Member {

        private final Relay relay;

        private final String userId;

        // NOTE: a queue whose memory follows what it holds: most entered rooms of most connections have nothing
        // waiting, and an array of the full bound would cost every entered room about 1 KB.
        private final Sinks.Many<RoomCursor.Step> steps = Sinks.many().unicast()
                .onBackpressureBuffer(new BoundedLinkedQueue<>(bufferSize));

        private final Sinks.One<Throwable> failure = Sinks.one();

        Member(Relay relay, String userId) {
            this.relay = relay;
            this.userId = userId;
        }

        /** Called only from the relay's one upstream at a time. */
        void offer(RoomCursor.Step step) {
            if (steps.tryEmitNext(step) == Sinks.EmitResult.FAIL_OVERFLOW) {
                fail(new ParleyException(ErrorCode.SLOW_CONSUMER, "too far behind the room's messages; resume"));
            }
        }

        void fail(Throwable reason) {
            failure.tryEmitValue(reason);
        }
    }

    /** One room's relay: its members here, how far it has got, and its one subscription to chat-service. */
    private final class Relay {

        private final UUID roomId;

        private final List<Member> members = new CopyOnWriteArrayList<>();

        /** Completes once the relay's head has arrived, that is once chat-service hears the room's removals for it. */
        private final Sinks.Empty<Void> started = Sinks.empty();

        /** The seq of the last message passed on (or the head): every message up to it is stored. */
        private volatile long position = -1;

        // guarded by the map's compute on this room's key
        private Disposable upstream;

        private volatile boolean ended;

        Relay(UUID roomId) {
            this.roomId = roomId;
        }

        /** Subscribes to chat-service once for the relay's life, never again: a new relay replaces an ended one. */
        void startOnce() {
            synchronized (this) {
                if (upstream != null) {
                    return;
                }
                upstream = Disposables.never();
            }
            Disposable subscription = serviceToken.current()
                    .flatMapMany(token -> messages.relay(token, roomId))
                    // NOTE: a relay without a head would hold back every member who enters the room here.
                    .timeout(Mono.delay(headTimeout))
                    .concatWith(Mono.error(() -> new ParleyException(ErrorCode.SERVICE_UNAVAILABLE,
                            "chat-service ended the room's relay")))
                    .subscribe(this::onItem, this::onError);
            synchronized (this) {
                upstream = subscription;
                if (ended) {
                    subscription.dispose();
                }
            }
        }

        private void onItem(RelayItem item) {
            if (item instanceof RelayItem.Head head) {
                position = head.seq();
                started.tryEmitEmpty();
            }
            else if (item instanceof RelayItem.Message message) {
                position = message.message().seq();
                ServerFrame frame = ServerFrame.Message.of(message.message());
                RoomCursor.Delivery delivery = new RoomCursor.Delivery(message.message().seq(),
                        new Outgoing.Encoded(frame, codec.encode(frame)));
                members.forEach(member -> member.offer(delivery));
            }
            else if (item instanceof RelayItem.Removal removal) {
                members.stream().filter(member -> member.userId.equals(removal.userId()))
                        .forEach(member -> member.fail(new ParleyException(ErrorCode.NOT_A_MEMBER,
                                "you were removed from this room")));
            }
        }

        private void onError(Throwable failure) {
            Throwable forMembers = forMembers(failure);
            // NOTE: out of the map first, so a member entering from now on starts a new relay, not joining this one.
            end();
            members.forEach(member -> member.fail(forMembers));
        }

        private Throwable forMembers(Throwable failure) {
            if (failure instanceof ParleyException p && p.code().retryable() && p.code() != ErrorCode.SLOW_CONSUMER) {
                return p;
            }
            String reason = failure instanceof ParleyException p ? p.toWire() : failure.toString();
            if (failure instanceof ParleyException p && !p.code().retryable()) {
                // NOTE: the relay is the gateway's, so its refusal is no member's fault: they fall back to their own
                // streams, and the operator finds the cause here.
                log.error("chat-service refused the relay of room {}: {}; its members use their own streams "
                        + "(does the gateway's client have scope chat.relay?)", roomId, reason);
                return new RelayRefused(reason);
            }
            log.warn("The relay of room {} failed: {}; its members resume", roomId, reason);
            return new ParleyException(ErrorCode.SERVICE_UNAVAILABLE, "the room's messages are interrupted; resuming");
        }

        void leave(Member member) {
            members.remove(member);
            relays.computeIfPresent(roomId, (id, existing) -> existing == this && members.isEmpty() ? null : existing);
            // NOTE: once out of the map a relay gains no member, so empty and out means no one will use it again.
            if (members.isEmpty() && relays.get(roomId) != this) {
                end();
            }
        }

        private void end() {
            relays.remove(roomId, this);
            Disposable subscription;
            synchronized (this) {
                ended = true;
                subscription = upstream;
            }
            if (subscription != null) {
                subscription.dispose();
            }
        }
    }

    /** chat-service refused the gateway's relay of a room: its members read their own streams instead. */
    static final class RelayRefused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RelayRefused(String reason) {
            super(reason, null, false, false);
        }
    }
}
