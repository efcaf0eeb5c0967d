package dev.parley.gateway.socket;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.gateway.backend.BackendProperties;
import dev.parley.gateway.backend.CallerToken;
import dev.parley.gateway.backend.MessageBackend;
import dev.parley.gateway.backend.ServiceToken;
import dev.parley.model.ChatMessage;
import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.RelayItem;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class RoomRelaysTest {

    private static final UUID ROOM = UUID.randomUUID();

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ServiceToken serviceToken = mock(ServiceToken.class);

    private final MessageBackend messages = mock(MessageBackend.class);

    /** chat-service's side of the current relay of ROOM. */
    private Sinks.Many<RelayItem> chatService;

    /** Sixteen messages (and the cursor's prefetch) may wait for a client; a relay's head may take 2 s. */
    private final RoomRelays relays = relays(Duration.ofSeconds(2));

    private RoomRelays relays(Duration requestTimeout) {
        return new RoomRelays(serviceToken, messages, new FrameCodec(),
                new SocketProperties("/ws", 65536, Duration.ofSeconds(10), 16, 50, 50, Duration.ofSeconds(25),
                        Duration.ofSeconds(30), 20, 40, 10, 30, 64),
                new BackendProperties(List.of(URI.create("tcp://localhost:1")),
                        List.of(URI.create("tcp://localhost:2")), Duration.ZERO, requestTimeout, Duration.ofSeconds(1)));
    }

    @BeforeEach
    void standInChatService() {
        given(serviceToken.current()).willReturn(Mono.just(new CallerToken("service")));
        given(messages.relay(any(), any())).willAnswer(call -> {
            chatService = Sinks.many().unicast().onBackpressureBuffer();
            return chatService.asFlux();
        });
    }

    private Flux<Long> follow(String userId) {
        return relays.follow(ROOM, 0, userId, Mono.empty(), after -> Flux.never()).map(RoomCursor.Delivery::seq);
    }

    @Test
    void theRoomsMembersShareOneRelayWhichStopsWithTheLastOfThem() {
        StepVerifier.create(Flux.merge(follow("alice"), follow("bob")))
                .then(() -> chatService.tryEmitNext(new RelayItem.Head(0)))
                .then(() -> chatService.tryEmitNext(message(1)))
                .expectNext(1L, 1L)
                .thenCancel()
                .verify(TIMEOUT);

        verify(messages, times(1)).relay(any(), any());
        assertThat(relays.size()).isZero();
        assertThat(chatService.currentSubscriberCount()).as("chat-service's relay is cancelled").isZero();
    }

    @Test
    void aRemovedMemberIsEndedAtOnceAheadOfTheMessagesWaitingForItAndTheOthersGoOn() {
        StepVerifier.create(follow("bob"), 0)
                .then(() -> follow("alice").subscribe())
                .then(() -> chatService.tryEmitNext(new RelayItem.Head(0)))
                .then(() -> LongStream.rangeClosed(1, 3).forEach(seq -> chatService.tryEmitNext(message(seq))))
                .then(() -> chatService.tryEmitNext(new RelayItem.Removal("carol")))
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> chatService.tryEmitNext(new RelayItem.Removal("bob")))
                .expectErrorSatisfies(error -> assertThat(((ParleyException) error).code())
                        .isEqualTo(ErrorCode.NOT_A_MEMBER))
                .verify(TIMEOUT);
        assertThat(relays.size()).as("alice still follows the room").isOne();
    }

    @Test
    void aMemberFarBehindIsEndedAsASlowConsumerWithoutHoldingUpTheOthers() {
        StepVerifier.create(follow("alice").take(100))
                .then(() -> StepVerifier.create(follow("bob"), 0)
                        .then(() -> chatService.tryEmitNext(new RelayItem.Head(0)))
                        .then(() -> LongStream.rangeClosed(1, 100).forEach(seq -> chatService.tryEmitNext(message(seq))))
                        .expectErrorSatisfies(error -> assertThat(((ParleyException) error).code())
                                .isEqualTo(ErrorCode.SLOW_CONSUMER))
                        .verify(TIMEOUT))
                .expectNextSequence(LongStream.rangeClosed(1, 100).boxed().toList())
                .verifyComplete();
    }

    @Test
    void aBrokenRelayEndsItsMembersRetryablyAndTheNextMemberStartsANewOne() {
        StepVerifier.create(follow("alice"))
                .then(() -> chatService.tryEmitNext(new RelayItem.Head(0)))
                .then(() -> chatService.tryEmitError(new ParleyException(ErrorCode.SERVICE_UNAVAILABLE, "gone")))
                .expectErrorSatisfies(error -> assertThat(((ParleyException) error).code().retryable()).isTrue())
                .verify(TIMEOUT);

        StepVerifier.create(follow("alice"))
                .then(() -> chatService.tryEmitNext(new RelayItem.Head(0)))
                .then(() -> chatService.tryEmitNext(message(1)))
                .expectNext(1L)
                .thenCancel()
                .verify(TIMEOUT);
        verify(messages, times(2)).relay(any(), any());
    }

    @Test
    void aRelayChatServiceRefusesIsReportedSoThatMembersFallBackToTheirOwnStreams() {
        StepVerifier.create(follow("alice"))
                .then(() -> chatService.tryEmitError(new ParleyException(ErrorCode.FORBIDDEN, "needs chat.relay")))
                .expectError(RoomRelays.RelayRefused.class)
                .verify(TIMEOUT);
    }

    @Test
    void aRelayWhoseHeadDoesNotComeIsEndedRetryablyInsteadOfHoldingItsMembersBack() {
        StepVerifier.create(relays(Duration.ofMillis(200)).follow(ROOM, 0, "alice", Mono.empty(), after -> Flux.never()))
                .expectErrorSatisfies(error -> assertThat(((ParleyException) error).code())
                        .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
                .verify(TIMEOUT);
        assertThat(chatService.currentSubscriberCount()).isZero();
    }

    private static RelayItem message(long seq) {
        return new RelayItem.Message(new ChatMessage(UUID.randomUUID(), ROOM, seq, "carol", "Carol", "m" + seq,
                Instant.now(), "c-" + seq));
    }
}
