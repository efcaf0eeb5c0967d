package dev.parley.gateway.socket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.PostMessage;
import dev.parley.model.PostMessages;
import dev.parley.model.PostOutcome;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A connection's {@code message.send}s on their way to chat-service. At most one round of requests is in flight
 * (one request per room it holds); the sends that arrive meanwhile wait here (a bounded number) and go together in
 * the next round, one request per room, in the order sent. So a connection is not limited to one message per round trip, and a room still gets a sender's messages in
 * the order they were sent (one request at a time, each stored in its order). Outcomes are handed on in the order the
 * sends came.
 */
final class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    /** Stores one room's posts, in order, answering one outcome per post in the same order. */
    @FunctionalInterface
    interface Poster {

        Mono<List<PostOutcome>> post(UUID roomId, List<PostMessage> posts);
    }

    /** A send waiting for chat-service: the frame's ref, its room and the post. */
    record Send(String ref, UUID roomId, PostMessage post) {
    }

    private final int capacity;

    private final Poster poster;

    private final BiConsumer<Send, PostOutcome> outcomes;

    private final ArrayDeque<Send> waiting = new ArrayDeque<>();

    /** A request is in flight; guarded by this. */
    private boolean busy;

    /** The connection is gone; guarded by this. */
    private boolean discarded;

    /** Completed when the outbox next becomes empty; created only when someone waits. Guarded by this. */
    private Sinks.Empty<Void> drained;

    /**
     * @param capacity sends that may wait while a request is in flight
     * @param outcomes hears each send's outcome, in the order the sends were offered, one at a time
     */
    Outbox(int capacity, Poster poster, BiConsumer<Send, PostOutcome> outcomes) {
        this.capacity = capacity;
        this.poster = poster;
        this.outcomes = outcomes;
    }

    /**
     * Queues the send; false (nothing queued) when {@code capacity} sends are already waiting: wait for {@link
     * #drained()} and offer it again. After {@link #discard()} a send is taken and dropped, as the waiting ones were.
     */
    boolean offer(Send send) {
        synchronized (this) {
            if (discarded) {
                return true;
            }
            if (waiting.size() >= capacity) {
                return false;
            }
            waiting.add(send);
            if (busy) {
                return true;
            }
            busy = true;
        }
        sendNext();
        return true;
    }

    /**
     * The connection is gone: sends still waiting are dropped (never sent, never answered; the client re-sends them
     * when it reconnects, as it would any send not yet acknowledged). A request in flight runs to its end.
     */
    void discard() {
        synchronized (this) {
            discarded = true;
            waiting.clear();
        }
    }

    /** Completes once every send offered so far has its outcome. */
    Mono<Void> drained() {
        synchronized (this) {
            if (!busy) {
                return Mono.empty();
            }
            if (drained == null) {
                drained = Sinks.empty();
            }
            return drained.asMono();
        }
    }

    private void sendNext() {
        List<Send> batch = new ArrayList<>();
        Sinks.Empty<Void> nowDrained = null;
        synchronized (this) {
            while (batch.size() < PostMessages.MAX_POSTS && !waiting.isEmpty()) {
                batch.add(waiting.poll());
            }
            if (batch.isEmpty()) {
                busy = false;
                nowDrained = drained;
                drained = null;
            }
        }
        if (batch.isEmpty()) {
            if (nowDrained != null) {
                nowDrained.tryEmitEmpty();
            }
            return;
        }
        PostOutcome[] answers = new PostOutcome[batch.size()];
        Map<UUID, List<Integer>> byRoom = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byRoom.computeIfAbsent(batch.get(i).roomId(), room -> new ArrayList<>()).add(i);
        }
        Flux.fromIterable(byRoom.entrySet())
                .flatMap(room -> post(room.getKey(), room.getValue().stream().map(i -> batch.get(i).post()).toList())
                        .doOnNext(roomAnswers -> {
                            for (int j = 0; j < roomAnswers.size(); j++) {
                                answers[room.getValue().get(j)] = roomAnswers.get(j);
                            }
                        }))
                .then()
                .doFinally(signal -> {
                    // NOTE: Reactor drops what a doFinally hook throws; the next request must go on regardless, or
                    // the outbox would stay busy and every later frame of the connection would wait for ever.
                    try {
                        for (int i = 0; i < batch.size(); i++) {
                            outcomes.accept(batch.get(i), answers[i] != null ? answers[i]
                                    : new PostOutcome.Refused(ErrorCode.INTERNAL, "internal error"));
                        }
                    }
                    finally {
                        sendNext();
                    }
                })
                .subscribe(null, error -> log.error("Handing on send outcomes failed", error));
    }

    /** One room's posts; a failure of the whole request is every post's outcome. */
    private Mono<List<PostOutcome>> post(UUID roomId, List<PostMessage> posts) {
        return Mono.defer(() -> poster.post(roomId, posts))
                .flatMap(answers -> answers.size() == posts.size() ? Mono.just(answers)
                        : Mono.error(new IllegalStateException(answers.size() + " outcomes for " + posts.size()
                                + " posts")))
                .onErrorResume(error -> Mono.just(posts.stream().map(refusal(error)).toList()));
    }

    private static Function<PostMessage, PostOutcome> refusal(Throwable error) {
        PostOutcome refused;
        if (error instanceof ParleyException p) {
            refused = new PostOutcome.Refused(p.code(), p.getMessage());
        }
        else {
            log.error("Unexpected failure posting messages", error);
            refused = new PostOutcome.Refused(ErrorCode.INTERNAL, "internal error");
        }
        return post -> refused;
    }
}
