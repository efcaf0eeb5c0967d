package dev.parley.chat.message;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.parley.chat.ChatServiceTestEnvironment;
import dev.parley.chat.fanout.RoomFanout;
import dev.parley.model.ChatMessage;
import dev.parley.model.MessageAck;
import dev.parley.model.PostMessage;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery guarantees every topic layout must keep; one subclass per layout runs them. */
abstract class TopicLayoutContract extends ChatServiceTestEnvironment {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Sender ALICE = new Sender("alice-id", "Alice");

    private static final Sender BOB = new Sender("bob-id", "Bob");

    @Autowired
    RoomMessages messages;

    @Autowired
    RoomFanout fanout;

    @Test
    void streamWhenTwoRoomsInterleaveThenEachStreamGetsExactlyItsRoomsMessagesInOrder() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        int perRoom = 15;
        Flux<Long> firstSeqs = messages.stream(first, 0).take(perRoom).map(ChatMessage::seq);
        Flux<Long> secondSeqs = messages.stream(second, 0).take(perRoom).map(ChatMessage::seq);
        List<Long> expected = Flux.range(1, perRoom).map(Long::valueOf).collectList().block(TIMEOUT);

        StepVerifier.create(Flux.zip(firstSeqs.collectList(), secondSeqs.collectList()))
                .then(() -> Flux.range(1, perRoom)
                        .concatMap(i -> messages.post(first, ALICE, new PostMessage("a" + i, "first " + i))
                                .then(messages.post(second, BOB, new PostMessage("b" + i, "second " + i))))
                        .blockLast(TIMEOUT))
                .assertNext(both -> {
                    assertThat(both.getT1()).containsExactlyElementsOf(expected);
                    assertThat(both.getT2()).containsExactlyElementsOf(expected);
                })
                .verifyComplete();
    }

    @Test
    void streamWhenBrandNewRoomGetsItsFirstMessagesThenTheLiveSubscriberReceivesThem() {
        UUID room = UUID.randomUUID();

        StepVerifier.create(messages.stream(room, 0).map(ChatMessage::text))
                .expectSubscription()
                .then(() -> Flux.range(1, 3).concatMap(i -> messages.post(room, ALICE, new PostMessage("n" + i, "new " + i)))
                        .blockLast(TIMEOUT))
                .expectNext("new 1", "new 2", "new 3")
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void postWhenRetriedWithTheSameClientMsgIdThenTheStoredMessageIsPublishedAgain() {
        UUID room = UUID.randomUUID();
        MessageAck first = messages.post(room, ALICE, new PostMessage("again-1", "once")).block(TIMEOUT);

        // NOTE: a retry follows a failed publish; publishing again is what fills the hole for live receivers.
        StepVerifier.create(fanout.live(room))
                .expectSubscription()
                .then(() -> messages.post(room, ALICE, new PostMessage("again-1", "once")).block(TIMEOUT))
                .assertNext(republished -> {
                    assertThat(republished.id()).isEqualTo(first.id());
                    assertThat(republished.seq()).isEqualTo(1);
                })
                .thenCancel()
                .verify(TIMEOUT);
    }
}
