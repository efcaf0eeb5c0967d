package dev.parley.gateway.socket;

import java.util.Objects;

import dev.parley.model.ChatMessage;
import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.frame.ServerFrame;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One connection's messages of a room, read from the room's relay that the gateway shares among its members
 * ({@link RoomRelays}): every message after afterSeq, once and in seq order. Where the relay is ahead of the connection
 * (at entry, after a resume, or a relay started after the connection's position) the gap is read from the member's own
 * chat-service stream, which checks membership itself; the member's removal ends it with NOT_A_MEMBER.
 */
final class RoomCursor {

    /** The member's own stream of the room from a seq on (stored, then live), to fill gaps. */
    @FunctionalInterface
    interface CatchUp {

        Flux<ChatMessage> after(long afterSeq);
    }

    /** What the relay hands to each cursor. */
    sealed interface Step permits Start, Delivery, Removed {
    }

    /** The relay's head once the member's membership was checked after the relay began to hear removals. */
    record Start(long head) implements Step {
    }

    /** A message (seq) and what to write for it; the relay writes its JSON once for all of its cursors. */
    record Delivery(long seq, Outgoing outgoing) implements Step {

        static Delivery of(ChatMessage message) {
            return new Delivery(message.seq(), new Outgoing.Frame(ServerFrame.Message.of(message)));
        }
    }

    /** Someone was removed from the room. */
    record Removed(String userId) implements Step {
    }

    private final String userId;

    private final CatchUp catchUp;

    // NOTE: touched only inside concatMap's serialized inner publishers, so no two threads race on it.
    private long last;

    private RoomCursor(long afterSeq, String userId, CatchUp catchUp) {
        this.last = afterSeq;
        this.userId = userId;
        this.catchUp = catchUp;
    }

    /**
     * Every message after afterSeq. {@code relay} is the relay's live steps, subscribed first and buffered up to
     * bufferSize (beyond it SLOW_CONSUMER); {@code start} completes with the relay's head once the member is known
     * to be one, and is waited for before any relayed message is let through.
     */
    static Flux<Delivery> follow(long afterSeq, String userId, Flux<Step> relay, Mono<Start> start, CatchUp catchUp,
            int bufferSize) {
        return Flux.defer(() -> new RoomCursor(afterSeq, userId, catchUp).run(relay, start, bufferSize));
    }

    private Flux<Delivery> run(Flux<Step> relay, Mono<Start> start, int bufferSize) {
        Flux<Step> buffered = relay.onBackpressureBuffer(bufferSize, dropped -> { }, BufferOverflowStrategy.ERROR);
        // NOTE: both are subscribed at once (start first, whose check only begins once the relay has its head), and
        // nothing relayed is handled before the start: no message reaches a connection whose membership is unchecked.
        return Flux.<Step>mergeSequential(start, buffered)
                .concatMap(this::handle, 1)
                .onErrorMap(Exceptions::isOverflow, overflow -> new ParleyException(ErrorCode.SLOW_CONSUMER,
                        "too far behind the room's messages; resume"));
    }

    private Flux<Delivery> handle(Step step) {
        if (step instanceof Removed removed) {
            return Objects.equals(userId, removed.userId())
                    ? Flux.error(new ParleyException(ErrorCode.NOT_A_MEMBER, "you were removed from this room"))
                    : Flux.empty();
        }
        if (step instanceof Start start) {
            return start.head() > last ? fill(start.head()) : Flux.empty();
        }
        Delivery delivery = (Delivery) step;
        if (delivery.seq() <= last) {
            return Flux.empty();
        }
        Flux<Delivery> next = Flux.just(delivery).filter(emitted -> emitted.seq() > last)
                .doOnNext(emitted -> last = emitted.seq());
        return delivery.seq() == last + 1 ? next : fill(delivery.seq() - 1).concatWith(next);
    }

    /** The messages after the last one delivered, through seq {@code through}, from the member's own stream. */
    private Flux<Delivery> fill(long through) {
        return Flux.defer(() -> catchUp.after(last))
                .takeUntil(message -> message.seq() >= through)
                .filter(message -> message.seq() > last)
                .map(Delivery::of)
                .doOnNext(delivery -> last = delivery.seq());
    }
}
