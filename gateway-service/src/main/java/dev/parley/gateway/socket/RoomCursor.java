package dev.parley.gateway.socket;

import dev.parley.model.ChatMessage;
import dev.parley.model.frame.ServerFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One connection's messages of a room, read from the room's relay that the gateway shares among its members
 * ({@link RoomRelays}): every message after afterSeq, once and in seq order. Where the relay is ahead of the connection
 * (at entry, after a resume, or a relay started after the connection's position) the gap is read from the member's own
 * chat-service stream, which checks membership itself.
 */
final class RoomCursor {

    /** The member's own stream of the room from a seq on (stored, then live), to fill gaps. */
    @FunctionalInterface
    interface CatchUp {

        Flux<ChatMessage> after(long afterSeq);
    }

    /** What the relay hands to each cursor. */
    sealed interface Step permits Start, Delivery {
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

    private final CatchUp catchUp;

    // NOTE: touched only inside concatMap's serialized inner publishers, so no two threads race on it.
    private long last;

    private RoomCursor(long afterSeq, CatchUp catchUp) {
        this.last = afterSeq;
        this.catchUp = catchUp;
    }

    /**
     * Every message after afterSeq. {@code relay} is the relay's messages for this member (bounded by the relay),
     * subscribed at once; {@code start} completes with the relay's position once the member is known to be one, and is
     * waited for before any relayed message is let through.
     */
    static Flux<Delivery> follow(long afterSeq, Flux<? extends Step> relay, Mono<Start> start, CatchUp catchUp) {
        return Flux.defer(() -> new RoomCursor(afterSeq, catchUp).run(relay, start));
    }

    private Flux<Delivery> run(Flux<? extends Step> relay, Mono<Start> start) {
        // NOTE: both are subscribed at once, and nothing relayed is handled before the start: no message reaches a
        // connection whose membership is unchecked.
        return Flux.<Step>mergeSequential(start, relay).concatMap(this::handle, 1);
    }

    private Flux<Delivery> handle(Step step) {
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
