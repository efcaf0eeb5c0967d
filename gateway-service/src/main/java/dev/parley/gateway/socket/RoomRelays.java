package dev.parley.gateway.socket;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.parley.gateway.backend.MessageBackend;
import dev.parley.gateway.backend.ServiceToken;
import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.RelayItem;
import dev.parley.model.frame.ServerFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One relay per room that has members connected to this gateway, shared by all of them: chat-service sends each
 * message once per gateway instead of once per member, and its JSON is written once. NOTE: a stream per member cost
 * chat-service, the RSocket link and the gateway each delivery twenty times over in benchmark (a)
 * (docs/benchmarks.md). A relay runs under the gateway's own token ({@link ServiceToken}, scope chat.relay); each
 * member's access is checked here ({@link RoomCursor}). It starts with the first member to enter and stops with the
 * last to leave; a broken relay ends every member's stream of it, each resumes from its own position, and the first
 * to resume starts a new relay.
 */
@Component
class RoomRelays {

    private static final Logger log = LoggerFactory.getLogger(RoomRelays.class);

    private final Map<UUID, Relay> relays = new ConcurrentHashMap<>();

    private final ServiceToken serviceToken;

    private final MessageBackend messages;

    private final FrameCodec codec;

    private final int bufferSize;

    RoomRelays(ServiceToken serviceToken, MessageBackend messages, FrameCodec codec, SocketProperties properties) {
        this.serviceToken = serviceToken;
        this.messages = messages;
        this.codec = codec;
        this.bufferSize = properties.outboundQueue();
    }

    /**
     * A member's messages of the room after afterSeq, from the room's relay. {@code checkMember} is asked once the
     * relay hears removals, so that no removal can fall between the check and the relay; it fails (NOT_A_MEMBER) to
     * refuse. Errors are retryable ones unless they concern the member (NOT_A_MEMBER, SLOW_CONSUMER).
     */
    Flux<RoomCursor.Delivery> follow(UUID roomId, long afterSeq, String userId, Mono<Void> checkMember,
            RoomCursor.CatchUp catchUp) {
        return Flux.using(() -> acquire(roomId), relay -> {
            Sinks.Empty<Void> listening = Sinks.empty();
            Flux<RoomCursor.Step> steps = relay.steps().doOnSubscribe(subscription -> listening.tryEmitEmpty());
            // NOTE: the position is read after the check, so after the member's steps were subscribed to: whatever the
            // relay passed on before that is at most the position, and is read from the member's own stream.
            Mono<RoomCursor.Start> start = listening.asMono().then(relay.started())
                    .then(checkMember)
                    .then(Mono.fromSupplier(() -> new RoomCursor.Start(relay.position())));
            return RoomCursor.follow(afterSeq, userId, steps, start, catchUp, bufferSize);
        }, relay -> release(roomId, relay));
    }

    /** Rooms with a relay open (for tests and metrics). */
    int size() {
        return relays.size();
    }

    private Relay acquire(UUID roomId) {
        return relays.compute(roomId, (id, existing) -> {
            Relay relay = existing == null ? new Relay(roomId) : existing;
            relay.members++;
            return relay;
        });
    }

    private void release(UUID roomId, Relay relay) {
        relays.computeIfPresent(roomId, (id, existing) -> {
            if (existing != relay) {
                return existing;
            }
            existing.members--;
            return existing.members == 0 ? null : existing;
        });
    }

    private Function<Throwable, Throwable> forMembers(UUID roomId) {
        return failure -> {
            if (failure instanceof ParleyException p && p.code().retryable() && p.code() != ErrorCode.SLOW_CONSUMER) {
                return p;
            }
            // NOTE: the relay is the gateway's, so its refusal (a client without scope chat.relay) or its falling
            // behind is no member's fault: members are told to wait, the operator finds the cause here.
            log.error("The relay of room {} failed; its members resume: {}", roomId, failure.toString());
            return new ParleyException(ErrorCode.SERVICE_UNAVAILABLE, "the room's messages are interrupted; resuming");
        };
    }

    /** One room's relay: its items as steps, shared by the room's members here, and how far it has got. */
    private final class Relay {

        private final Flux<RoomCursor.Step> steps;

        /** Completes when the relay's head has arrived, that is once chat-service hears the room's removals for it. */
        private final Sinks.Empty<Void> started = Sinks.empty();

        /** The seq of the last message passed on (or the head): every message up to it is stored. */
        private volatile long position = -1;

        /** Set when the relay ended: a member who got hold of it late retries and gets a new one. */
        private volatile boolean ended;

        // guarded by the map's compute on this room's key
        int members;

        Relay(UUID roomId) {
            this.steps = serviceToken.current()
                    .flatMapMany(token -> messages.relay(token, roomId))
                    .concatWith(Mono.error(() -> new ParleyException(ErrorCode.SERVICE_UNAVAILABLE,
                            "chat-service ended the room's relay")))
                    .<RoomCursor.Step>handle((item, sink) -> {
                        if (item instanceof RelayItem.Head head) {
                            position = head.seq();
                            started.tryEmitEmpty();
                        }
                        else if (item instanceof RelayItem.Message message) {
                            position = message.message().seq();
                            ServerFrame frame = ServerFrame.Message.of(message.message());
                            sink.next(new RoomCursor.Delivery(message.message().seq(),
                                    new Outgoing.Encoded(frame, codec.encode(frame))));
                        }
                        else if (item instanceof RelayItem.Removal removal) {
                            sink.next(new RoomCursor.Removed(removal.userId()));
                        }
                    })
                    .onErrorMap(forMembers(roomId))
                    .doFinally(signal -> {
                        ended = true;
                        relays.remove(roomId, this);
                    })
                    .publish()
                    .refCount();
        }

        Flux<RoomCursor.Step> steps() {
            return Flux.defer(() -> ended ? Flux.error(new ParleyException(ErrorCode.SERVICE_UNAVAILABLE,
                    "the room's relay ended; resuming")) : steps);
        }

        Mono<Void> started() {
            return started.asMono();
        }

        long position() {
            return position;
        }
    }
}
