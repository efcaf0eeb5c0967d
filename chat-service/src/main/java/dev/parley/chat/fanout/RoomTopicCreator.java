package dev.parley.chat.fanout;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.parley.model.RoomCreated;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * Per-room layout: creates a room's topic as soon as room-service announces the room ({@code RoomCreated} on the
 * room-events topic), so every instance's consumer has found it before its first message. The topic is still
 * ensured before each first publish, in case this runs late or not at all.
 */
final class RoomTopicCreator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RoomTopicCreator.class);

    private final ReceiverOptions<String, String> receiverOptions;

    private final NewTopic eventsTopic;

    private final RoomTopics topics;

    private final JsonMapper json;

    private volatile Disposable consuming;

    // NOTE: receiverOptions name one group shared by every instance: creating a topic is idempotent and cluster-wide,
    // so one instance per event is enough, and committed offsets let rooms created while every chat-service was down
    // get their topics on the next start. Acknowledged only once the topic exists, so a failure re-reads the event.
    RoomTopicCreator(ReceiverOptions<String, String> receiverOptions, NewTopic eventsTopic, RoomTopics topics,
            JsonMapper json) {
        this.receiverOptions = receiverOptions.subscription(List.of(eventsTopic.name()));
        this.eventsTopic = eventsTopic;
        this.topics = topics;
        this.json = json;
    }

    @Override
    public void start() {
        if (!(topics.layout() instanceof TopicLayout.PerRoom)) {
            return;
        }
        // NOTE: room-service creates the events topic too; whoever starts first does, so neither waits on the other.
        consuming = topics.ensure(eventsTopic)
                .thenMany(Flux.defer(() -> KafkaReceiver.create(receiverOptions).receive()))
                .concatMap(this::createTopic)
                .doOnError(error -> log.warn("Room events consumer failed, restarting: {}", error.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .transientErrors(true))
                .subscribe(record -> { }, error -> log.error("Room events consumer stopped", error));
    }

    private Mono<ReceiverRecord<String, String>> createTopic(ReceiverRecord<String, String> record) {
        UUID roomId = roomOf(record);
        Mono<Void> created = roomId == null ? Mono.empty() : topics.ensure(roomId)
                .doOnSuccess(done -> log.debug("Topic of room {} is ready", roomId));
        return created.then(Mono.fromRunnable(() -> record.receiverOffset().acknowledge())).thenReturn(record);
    }

    private UUID roomOf(ReceiverRecord<String, String> record) {
        try {
            RoomCreated event = json.readValue(record.value(), RoomCreated.class);
            return event.room() == null ? null : event.room().id();
        }
        catch (JacksonException unreadable) {
            log.warn("Skipping a room event that is not a RoomCreated at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return null;
        }
    }

    @Override
    public int getPhase() {
        return KafkaRoomFanout.PHASE;
    }

    @Override
    public void stop() {
        Disposable current = consuming;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable current = consuming;
        return current != null && !current.isDisposed();
    }
}
