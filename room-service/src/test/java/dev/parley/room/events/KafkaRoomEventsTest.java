package dev.parley.room.events;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.Room;
import dev.parley.model.RoomCreated;
import dev.parley.room.RoomProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaRoomEventsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    // NOTE: never started, so no broker is needed; the sender connects lazily and is only closed.
    private final KafkaRoomEvents events = new KafkaRoomEvents(new RoomProperties("topic", "membership-topic",
            new RoomProperties.Password(8, 10, 1, new RoomProperties.Attempts(5, 20, Duration.ofMinutes(1))),
            new RoomProperties.Events(2, Duration.ofSeconds(1)),
            new RoomProperties.Kafka("127.0.0.1:1", (short) 1),
            new RoomProperties.Security("http://issuer", "http://issuer/jwks", "parley", Duration.ofSeconds(30))),
            JsonMapper.builder().build());

    @AfterEach
    void close() {
        events.stop();
    }

    @Test
    void liveWhenSubscriberFallsBehindItsBufferThenItGetsTheBufferThenSlowConsumerAndOthersGoOn() {
        StepVerifier fast = StepVerifier.create(events.live().take(3)).expectNextCount(3).expectComplete().verifyLater();
        StepVerifier slow = StepVerifier.create(events.live(), 0)
            .expectSubscription()
            .then(() -> {
                for (int i = 0; i < 3; i++) {
                    events.deliver(event());
                }
            })
            .thenRequest(Long.MAX_VALUE)
            .expectNextCount(2)
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ParleyException.class,
                    p -> assertThat(p.code()).isEqualTo(ErrorCode.SLOW_CONSUMER)))
            .verifyLater();

        slow.verify(TIMEOUT);
        fast.verify(TIMEOUT);
    }

    @Test
    void liveWhenSubscriberKeepsUpThenReceivesEventsInOrder() {
        RoomCreated first = event();
        RoomCreated second = event();

        StepVerifier.create(events.live().take(2))
            .then(() -> {
                events.deliver(first);
                events.deliver(second);
            })
            .expectNext(first, second)
            .expectComplete()
            .verify(TIMEOUT);
    }

    private static RoomCreated event() {
        return new RoomCreated(new Room(UUID.randomUUID(), "Room", "alice", Instant.now()));
    }
}
