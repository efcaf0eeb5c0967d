package dev.parley.gateway.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.parley.model.ChatMessage;
import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class RoomCursorTest {

    private static final UUID ROOM = UUID.randomUUID();

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Sinks.Many<RoomCursor.Step> relay = Sinks.many().multicast().directBestEffort();

    private final Sinks.One<RoomCursor.Start> start = Sinks.one();

    /** What the member's own stream was asked for: the seq each catch-up started after. */
    private final List<Long> catchUps = new ArrayList<>();

    /** The member's own stream: the room holds messages 1..100, then it stays open (live) like chat-service's. */
    private final RoomCursor.CatchUp ownStream = after -> {
        catchUps.add(after);
        return Flux.fromStream(LongStream.rangeClosed(after + 1, 100).mapToObj(RoomCursorTest::message))
                .concatWith(Flux.never());
    };

    private Flux<Long> follow(long afterSeq) {
        return RoomCursor.follow(afterSeq, relay.asFlux(), start.asMono(), ownStream).map(RoomCursor.Delivery::seq);
    }

    @Test
    void readsWhatTheRelayPassedOnBeforeTheMemberCameFromTheMembersOwnStreamThenFollowsTheRelay() {
        StepVerifier.create(follow(2))
                .then(() -> start.tryEmitValue(new RoomCursor.Start(5)))
                .expectNext(3L, 4L, 5L)
                .then(() -> relay.tryEmitNext(delivery(5)))
                .then(() -> relay.tryEmitNext(delivery(6)))
                .then(() -> relay.tryEmitNext(delivery(7)))
                .expectNext(6L, 7L)
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(catchUps).containsExactly(2L);
    }

    @Test
    void letsNoRelayedMessageThroughBeforeTheMemberIsChecked() {
        StepVerifier.create(follow(0))
                .then(() -> relay.tryEmitNext(delivery(1)))
                .expectNoEvent(Duration.ofMillis(200))
                .then(() -> start.tryEmitValue(new RoomCursor.Start(0)))
                .expectNext(1L)
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(catchUps).isEmpty();
    }

    @Test
    void refusesTheMemberWhenTheCheckFails() {
        StepVerifier.create(RoomCursor.follow(0, relay.asFlux(),
                        Mono.error(new ParleyException(ErrorCode.NOT_A_MEMBER, "not a member")), ownStream))
                .expectErrorSatisfies(error -> assertThat(((ParleyException) error).code())
                        .isEqualTo(ErrorCode.NOT_A_MEMBER))
                .verify(TIMEOUT);
    }

    @Test
    void fillsAGapInTheRelayFromTheMembersOwnStreamAndSkipsWhatItAlreadyHad() {
        StepVerifier.create(follow(0))
                .then(() -> start.tryEmitValue(new RoomCursor.Start(0)))
                .then(() -> relay.tryEmitNext(delivery(1)))
                .expectNext(1L)
                .then(() -> relay.tryEmitNext(delivery(4)))
                .expectNext(2L, 3L, 4L)
                .then(() -> relay.tryEmitNext(delivery(3)))
                .then(() -> relay.tryEmitNext(delivery(5)))
                .expectNext(5L)
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(catchUps).containsExactly(1L);
    }

    private static RoomCursor.Delivery delivery(long seq) {
        return RoomCursor.Delivery.of(message(seq));
    }

    private static ChatMessage message(long seq) {
        return new ChatMessage(UUID.randomUUID(), ROOM, seq, "alice", "Alice", "message " + seq, Instant.now(),
                "c-" + seq);
    }
}
