package dev.parley.chat.fanout;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import dev.parley.model.ChatMessage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * {@link RoomFanout} on Kafka through reactor-kafka: one topic per room (prefix + room id, one partition), one
 * consumer per instance subscribed to every room topic by pattern, records dispatched to local subscribers.
 */
final class KafkaRoomFanout implements RoomFanout, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaRoomFanout.class);

    private static final Duration STARTUP_MARGIN = Duration.ofSeconds(10);

    private final KafkaSender<String, byte[]> sender;

    private final ReceiverOptions<String, byte[]> receiverOptions;

    private final RoomTopics topics;

    private final RoomFeeds feeds = new RoomFeeds();

    private final JsonMapper json;

    private final String topicPrefix;

    private final Duration sendTimeout;

    private final AtomicBoolean firstAssignment = new AtomicBoolean(true);

    private volatile Disposable receiving;

    KafkaRoomFanout(SenderOptions<String, byte[]> senderOptions, ReceiverOptions<String, byte[]> receiverOptions,
            RoomTopics topics, JsonMapper json, FanoutProperties properties) {
        this.sender = KafkaSender.create(senderOptions);
        this.topics = topics;
        this.json = json;
        this.topicPrefix = properties.roomTopicPrefix();
        this.sendTimeout = properties.sendTimeout();
        this.receiverOptions = receiverOptions
                .subscription(Pattern.compile(Pattern.quote(topicPrefix) + ".*"))
                .addAssignListener(partitions -> {
                    // NOTE: history from before this instance started comes from PostgreSQL, so the first assignment
                    // starts near the end; "near" (start time minus a margin, by record timestamp) so that a room
                    // created while this consumer was still joining keeps its first messages. Partitions found
                    // later (new rooms) start at the beginning (auto.offset.reset=earliest). Duplicates are harmless.
                    if (firstAssignment.compareAndSet(true, false)) {
                        long since = System.currentTimeMillis() - STARTUP_MARGIN.toMillis();
                        partitions.forEach(partition -> partition.seekToTimestamp(since));
                    }
                });
    }

    @Override
    public Mono<Void> publish(ChatMessage message) {
        String topic = topicPrefix + message.roomId();
        return Mono.fromCallable(() -> json.writeValueAsBytes(message))
                .flatMap(value -> topics.ensure(topic).then(sender
                        .send(Mono.just(SenderRecord.create(
                                new ProducerRecord<>(topic, message.roomId().toString(), value), message.seq())))
                        .next()))
                .flatMap(result -> result.exception() == null ? Mono.<Void>empty() : Mono.error(result.exception()))
                .timeout(sendTimeout);
    }

    @Override
    public Flux<ChatMessage> live(UUID roomId) {
        return feeds.live(roomId);
    }

    @Override
    public void start() {
        receiving = Flux.defer(() -> KafkaReceiver.create(receiverOptions).receive())
                .doOnNext(this::dispatch)
                .doOnError(error -> log.warn("Kafka receive loop failed, restarting: {}", error.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .transientErrors(true))
                .subscribe(record -> { }, error -> log.error("Kafka receive loop stopped", error));
    }

    private void dispatch(ReceiverRecord<String, byte[]> record) {
        try {
            UUID roomId = UUID.fromString(record.key());
            if (feeds.isWatched(roomId)) {
                ChatMessage message = json.readValue(record.value(), ChatMessage.class);
                feeds.dispatch(message);
            }
        }
        catch (RuntimeException unreadable) {
            log.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    unreadable.toString());
        }
        record.receiverOffset().acknowledge();
    }

    @Override
    public void stop() {
        Disposable current = receiving;
        if (current != null) {
            current.dispose();
        }
        sender.close();
    }

    @Override
    public boolean isRunning() {
        Disposable current = receiving;
        return current != null && !current.isDisposed();
    }
}
