package dev.parley.chat.membership;

import java.time.Duration;
import java.util.UUID;

import dev.parley.model.MemberRemoved;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class RoomRemovalsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RoomRemovals removals = new RoomRemovals();

    @Test
    void removalsAreHeardOnlyOnceTheConsumerListens() {
        StepVerifier.create(removals.heard())
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(100))
                .then(removals::listening)
                .verifyComplete();
    }

    @Test
    void aRoomsRelayGetsThatRoomsRemovalsOnly() {
        UUID room = UUID.randomUUID();
        StepVerifier.create(removals.of(room))
                .then(() -> {
                    removals.removed(new MemberRemoved(UUID.randomUUID(), "carol"));
                    removals.removed(new MemberRemoved(room, "bob"));
                })
                .expectNext(new MemberRemoved(room, "bob"))
                .thenCancel()
                .verify(TIMEOUT);
    }
}
