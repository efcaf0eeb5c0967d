package dev.parley.chat.message;

import java.util.List;

import dev.parley.model.ChatMessage;
import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns "stored messages after afterSeq" plus an unreliable live feed (late, duplicated, out of order) into one
 * stream holding every message with seq &gt; afterSeq exactly once, in seq order, with no gap. The live feed is
 * subscribed first and buffered (boundedly); whatever is missing is read from the store in pages.
 */
final class RoomSequenceCursor {

    /** Reads a room's messages with afterSeq &lt; seq &lt; beforeSeq, oldest first, at most limit. */
    @FunctionalInterface
    interface Store {

        Flux<ChatMessage> between(long afterSeq, long beforeSeq, int limit);
    }

    private final Store store;

    private final int pageSize;

    // NOTE: touched only inside concatMap's serialized inner publishers, so no two threads race on it.
    private long last;

    private RoomSequenceCursor(long afterSeq, Store store, int pageSize) {
        this.last = afterSeq;
        this.store = store;
        this.pageSize = pageSize;
    }

    /**
     * Every message with seq &gt; afterSeq, first from the store, then live. Fails with SLOW_CONSUMER if more than
     * bufferSize live messages wait for the subscriber.
     */
    static Flux<ChatMessage> follow(long afterSeq, Flux<ChatMessage> live, Store store, int pageSize, int bufferSize) {
        return Flux.defer(() -> new RoomSequenceCursor(afterSeq, store, pageSize).run(live, bufferSize));
    }

    private Flux<ChatMessage> run(Flux<ChatMessage> live, int bufferSize) {
        Flux<Step> buffered = live
                .onBackpressureBuffer(bufferSize, dropped -> { }, BufferOverflowStrategy.ERROR)
                .map(Live::new);
        // NOTE: merge subscribes in argument order: the live feed is listening before the catch-up query runs, so a
        // message committed meanwhile is either in the query's result or in the buffer. Any order of the two works.
        return Flux.<Step>merge(1, buffered, Mono.just(CatchUp.INSTANCE))
                .concatMap(this::handle, 1)
                .onErrorMap(Exceptions::isOverflow,
                        overflow -> new ParleyException(ErrorCode.SLOW_CONSUMER, "too far behind the live stream; resume"));
    }

    private Flux<ChatMessage> handle(Step step) {
        if (step instanceof Live live) {
            long seq = live.message().seq();
            if (seq <= last) {
                return Flux.empty();
            }
            Flux<ChatMessage> message = emit(Flux.just(live.message()));
            return seq == last + 1 ? message : fetch(seq).concatWith(message);
        }
        return fetch(Long.MAX_VALUE);
    }

    /** Everything stored between the last emitted seq and beforeSeq, page by page. */
    private Flux<ChatMessage> fetch(long beforeSeq) {
        return Flux.defer(() -> store.between(last, beforeSeq, pageSize).collectList()
                .flatMapMany(page -> {
                    Flux<ChatMessage> emitted = emit(Flux.fromIterable(page));
                    return isFull(page) ? emitted.concatWith(fetch(beforeSeq)) : emitted;
                }));
    }

    private boolean isFull(List<ChatMessage> page) {
        return page.size() >= pageSize;
    }

    private Flux<ChatMessage> emit(Flux<ChatMessage> messages) {
        return messages.filter(message -> message.seq() > last).doOnNext(message -> last = message.seq());
    }

    private sealed interface Step permits CatchUp, Live {
    }

    private enum CatchUp implements Step {
        INSTANCE
    }

    private record Live(ChatMessage message) implements Step {
    }
}
