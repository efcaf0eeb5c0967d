package dev.parley.chat.membership;

import java.time.Duration;
import java.util.UUID;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class MemberStreamsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MemberStreams streams = new MemberStreams();

    private final UUID room = UUID.randomUUID();

    @Test
    void aRemovalEndsTheRemovedMembersOpenStreamsOfThatRoomWithNotAMember() {
        Sinks.Many<String> messages = Sinks.many().multicast().directBestEffort();

        StepVerifier.create(streams.untilRemoved(room, "bob", messages.asFlux()))
                .then(() -> messages.tryEmitNext("before"))
                .expectNext("before")
                .then(() -> streams.removed(room, "bob"))
                .expectErrorSatisfies(e -> assertThat(((ParleyException) e).code()).isEqualTo(ErrorCode.NOT_A_MEMBER))
                .verify(TIMEOUT);
        assertThat(streams.size()).isZero();
    }

    @Test
    void otherMembersAndOtherRoomsOfTheRemovedMemberKeepStreaming() {
        Sinks.Many<String> messages = Sinks.many().multicast().directBestEffort();
        UUID otherRoom = UUID.randomUUID();

        StepVerifier.create(Flux.merge(streams.untilRemoved(room, "alice", messages.asFlux()),
                        streams.untilRemoved(otherRoom, "bob", messages.asFlux())))
                .then(() -> streams.removed(room, "bob"))
                .then(() -> messages.tryEmitNext("still here"))
                .expectNext("still here", "still here")
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(streams.size()).as("a cancelled stream is no longer tracked").isZero();
    }

    @Test
    void aStreamThatEndsOnItsOwnIsNoLongerTracked() {
        StepVerifier.create(streams.untilRemoved(room, "bob", Flux.just("only")))
                .expectNext("only")
                .verifyComplete();

        assertThat(streams.size()).isZero();
    }
}
