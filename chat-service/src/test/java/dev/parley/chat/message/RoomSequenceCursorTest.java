package dev.parley.chat.message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

import dev.parley.model.ChatMessage;
import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class RoomSequenceCursorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final UUID ROOM = UUID.randomUUID();

    private final Map<Long, ChatMessage> stored = new ConcurrentSkipListMap<>();

    private final List<long[]> queries = new ArrayList<>();

    private final Sinks.Many<ChatMessage> live = Sinks.many().multicast().directBestEffort();

    private final RoomSequenceCursor.Store store = (after, before, limit) -> {
        synchronized (queries) {
            queries.add(new long[] { after, before, limit });
        }
        return Flux.fromIterable(stored.values()).filter(m -> m.seq() > after && m.seq() < before).take(limit);
    };

    @Test
    void followWhenMessagesAreStoredThenReplaysThoseAfterSeqAndWaitsForLiveOnes() {
        storeUpTo(5);

        StepVerifier.create(RoomSequenceCursor.follow(2, live.asFlux(), store, 500, 16).map(ChatMessage::seq))
                .expectNext(3L, 4L, 5L)
                .then(() -> publish(6))
                .expectNext(6L)
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void followWhenCatchUpSpansSeveralPagesThenReadsEveryPageInOrder() {
        storeUpTo(7);

        StepVerifier.create(RoomSequenceCursor.follow(0, live.asFlux(), store, 3, 16).map(ChatMessage::seq))
                .expectNext(1L, 2L, 3L, 4L, 5L, 6L, 7L)
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(queries).extracting(q -> q[0]).containsExactly(0L, 3L, 6L);
    }

    @Test
    void followWhenLiveMessagesRepeatOrAreAlreadyReplayedThenEmitsEachOnce() {
        storeUpTo(3);

        StepVerifier.create(RoomSequenceCursor.follow(0, live.asFlux(), store, 500, 16).map(ChatMessage::seq))
                .expectNext(1L, 2L, 3L)
                .then(() -> {
                    publish(2);
                    publish(3);
                    publish(4);
                    publish(4);
                    publish(5);
                    publish(3);
                })
                .expectNext(4L, 5L)
                .expectNoEvent(Duration.ofMillis(200))
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void followWhenLiveMessageSkipsAheadThenBackfillsTheGapFromTheStoreFirst() {
        storeUpTo(2);

        StepVerifier.create(RoomSequenceCursor.follow(0, live.asFlux(), store, 500, 16).map(ChatMessage::seq))
                .expectNext(1L, 2L)
                .then(() -> {
                    storeUpTo(6);
                    publish(6);
                })
                .expectNext(3L, 4L, 5L, 6L)
                .then(() -> publish(5))
                .then(() -> publish(7))
                .expectNext(7L)
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void followWhenLiveMessagesArriveDuringCatchUpThenNeitherLosesNorRepeatsThem() {
        storeUpTo(3);
        Sinks.One<Void> release = Sinks.one();
        // the catch-up query is held back until messages 4 and 5 (stored meanwhile) have arrived live
        RoomSequenceCursor.Store slowStore = (after, before, limit) -> release.asMono()
                .thenMany(Flux.defer(() -> store.between(after, before, limit)));

        StepVerifier.create(RoomSequenceCursor.follow(0, live.asFlux(), slowStore, 500, 16).map(ChatMessage::seq))
                .expectSubscription()
                .then(() -> {
                    storeUpTo(5);
                    publish(4);
                    publish(5);
                    release.tryEmitEmpty();
                })
                .expectNext(1L, 2L, 3L, 4L, 5L)
                .expectNoEvent(Duration.ofMillis(200))
                .then(() -> publish(6))
                .expectNext(6L)
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void followWhenTheSubscriberFallsTooFarBehindThenFailsWithSlowConsumer() {
        StepVerifier.create(RoomSequenceCursor.follow(0, live.asFlux(), store, 500, 4), 0)
                .expectSubscription()
                .then(() -> {
                    storeUpTo(50);
                    for (long seq = 1; seq <= 50; seq++) {
                        publish(seq);
                    }
                })
                .thenRequest(100)
                .thenConsumeWhile(m -> true)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(ParleyException.class)
                        .extracting(e -> ((ParleyException) e).code()).isEqualTo(ErrorCode.SLOW_CONSUMER))
                .verify(TIMEOUT);
    }

    @Test
    void followWhenAfterSeqIsBeyondTheStoreThenEmitsOnlyNewerLiveMessages() {
        storeUpTo(3);

        StepVerifier.create(RoomSequenceCursor.follow(3, live.asFlux(), store, 500, 16).map(ChatMessage::seq))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> publish(3))
                .then(() -> {
                    storeUpTo(4);
                    publish(4);
                })
                .expectNext(4L)
                .thenCancel()
                .verify(TIMEOUT);
    }

    private void storeUpTo(long seq) {
        for (long s = 1; s <= seq; s++) {
            stored.putIfAbsent(s, message(s));
        }
    }

    private void publish(long seq) {
        live.tryEmitNext(message(seq));
    }

    private static ChatMessage message(long seq) {
        return new ChatMessage(new UUID(0, seq), ROOM, seq, "alice", "Alice", "message " + seq,
                Instant.EPOCH.plusSeconds(seq), "c" + seq);
    }
}
