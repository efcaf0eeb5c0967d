package dev.parley.chat.message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.parley.chat.ChatServiceTestEnvironment;
import dev.parley.chat.fanout.RoomFanout;
import dev.parley.model.ChatMessage;
import dev.parley.model.MessageAck;
import dev.parley.model.PostMessage;
import dev.parley.testsupport.SharedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

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

    @Autowired
    JsonMapper json;

    /** The topic this layout puts the room's records in. */
    abstract String topicOf(UUID room);

    @Test
    void liveWhenThisInstancePostsThenItsSubscribersGetTheMessageOnceThoughItsRecordComesBack() {
        UUID room = UUID.randomUUID();
        messages.post(room, ALICE, new PostMessage("own-0", "creates the topic")).block(TIMEOUT);

        // NOTE: the other instance's record follows this instance's in the room's partition, so once it arrives,
        // this instance's own record has been read (and must have been skipped: it was dispatched at once).
        StepVerifier.create(fanout.live(room).map(ChatMessage::seq))
                .expectSubscription()
                .then(() -> {
                    messages.post(room, ALICE, new PostMessage("own-1", "here")).block(TIMEOUT);
                    publishAsAnotherInstance(new ChatMessage(UUID.randomUUID(), room, 3, BOB.id(), BOB.name(), "there",
                            Instant.now(), "other-1"));
                })
                .expectNext(2L, 3L)
                .expectNoEvent(Duration.ofMillis(300))
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void liveWhenAnotherInstancePublishesAMessageThenThisInstancesSubscribersGetIt() {
        UUID room = UUID.randomUUID();
        messages.post(room, ALICE, new PostMessage("mine-1", "creates the topic")).block(TIMEOUT);
        ChatMessage theirs = new ChatMessage(UUID.randomUUID(), room, 2, BOB.id(), BOB.name(), "from afar",
                Instant.now(), "theirs-1");

        StepVerifier.create(fanout.live(room).map(ChatMessage::id))
                .expectSubscription()
                .then(() -> publishAsAnotherInstance(theirs))
                .expectNext(theirs.id())
                .thenCancel()
                .verify(TIMEOUT);
    }

    private void publishAsAnotherInstance(ChatMessage message) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topicOf(message.roomId()),
                    message.roomId().toString(), json.writeValueAsBytes(message));
            record.headers().add("parley-origin", "another-instance".getBytes(StandardCharsets.US_ASCII));
            producer.send(record).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

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
