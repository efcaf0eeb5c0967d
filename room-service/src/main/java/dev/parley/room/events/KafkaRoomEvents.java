package dev.parley.room.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.parley.model.ErrorCode;
import dev.parley.model.MemberRemoved;
import dev.parley.model.ParleyException;
import dev.parley.model.RoomCreated;
import dev.parley.room.RoomProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverPartition;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * {@link RoomEvents} on a Kafka topic with reactor-kafka. Every instance reads the topic in its own consumer group,
 * so every instance sees every event, and multicasts it to its local subscribers.
 */
@Component
class KafkaRoomEvents implements RoomEvents, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaRoomEvents.class);

    private final String topic;

    private final String membershipTopic;

    private final short replicationFactor;

    private final String bootstrapServers;

    private final int subscriberBuffer;

    private final Duration publishTimeout;

    private final JsonMapper json;

    private final KafkaSender<String, String> sender;

    private final ReceiverOptions<String, String> receiverOptions;

    // NOTE: direct best effort: the sink never waits for anyone; each subscriber's own bounded buffer (see live())
    // absorbs bursts, and a subscriber that overflows it fails alone instead of stalling the others.
    /** Per partition of the events topic, the offset of the next event this instance has not received. */
    private final Map<Integer, Long> nextOffsets = new ConcurrentHashMap<>();

    private final Sinks.Many<RoomCreated> received = Sinks.many().multicast().directBestEffort();

    private final Sinks.Empty<Void> assigned = Sinks.empty();

    private volatile Disposable consumption;

    KafkaRoomEvents(RoomProperties properties, JsonMapper json) {
        this.topic = properties.eventsTopic();
        this.membershipTopic = properties.membershipTopic();
        this.replicationFactor = properties.kafka().replicationFactor();
        this.bootstrapServers = properties.kafka().bootstrapServers();
        this.subscriberBuffer = properties.events().subscriberBuffer();
        this.publishTimeout = properties.events().publishTimeout();
        this.json = json;
        this.sender = KafkaSender.create(SenderOptions.create(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
        // NOTE: a fresh group per instance and start: each instance must see every event, and only events from now
        // on (live lists reload the full list on subscribe). Positions are kept in memory rather than committed: a
        // consumer re-created after a failure, or re-assigned after a broker restart, resumes right after the last
        // event this instance received instead of jumping to "latest" and losing what was published meanwhile.
        this.receiverOptions = ReceiverOptions.<String, String>create(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "room-service-events-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))
            .subscription(List.of(topic))
            .addAssignListener(partitions -> {
                for (ReceiverPartition partition : partitions) {
                    Long resumeAt = nextOffsets.get(partition.topicPartition().partition());
                    if (resumeAt == null) {
                        // Resolve "latest" now, so that everything published after ready() completes is received.
                        partition.seekToEnd();
                        nextOffsets.put(partition.topicPartition().partition(), partition.position());
                    }
                    else {
                        partition.seek(resumeAt);
                    }
                }
                assigned.tryEmitEmpty();
            });
    }

    @Override
    public Mono<Void> publish(RoomCreated event) {
        return send(topic, event.room().id().toString(), event);
    }

    @Override
    public Mono<Void> publish(MemberRemoved event) {
        return send(membershipTopic, event.roomId().toString(), event);
    }

    private Mono<Void> send(String toTopic, String key, Object event) {
        return Mono.fromCallable(() -> json.writeValueAsString(event))
            .map(value -> SenderRecord.create(new ProducerRecord<>(toTopic, key, value), event))
            .flatMap(record -> sender.send(Mono.just(record)).next())
            .flatMap(result -> result.exception() == null ? Mono.<Void>empty() : Mono.error(result.exception()))
            .timeout(publishTimeout);
    }

    @Override
    public Flux<RoomCreated> live() {
        return received.asFlux()
            .onBackpressureBuffer(subscriberBuffer, dropped -> { }, BufferOverflowStrategy.ERROR)
            .onErrorMap(Exceptions::isOverflow, e -> new ParleyException(ErrorCode.SLOW_CONSUMER,
                    "room events arrived faster than they were read; reload the room list and resubscribe"));
    }

    @Override
    public Mono<Void> ready() {
        return assigned.asMono();
    }

    @Override
    public void start() {
        consumption = ensureTopics()
            .thenMany(Flux.defer(() -> KafkaReceiver.create(receiverOptions).receive()))
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                .maxBackoff(Duration.ofSeconds(30))
                .doBeforeRetry(signal -> log.warn("Room events consumer failed; retrying", signal.failure())))
            .subscribe(record -> {
                nextOffsets.put(record.partition(), record.offset() + 1);
                emit(record.value());
            });
    }

    /** Creates the room events topic and the membership events topic (one partition each) unless they exist. */
    private Mono<Void> ensureTopics() {
        return Mono.<Void>fromRunnable(() -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                var created = admin.createTopics(List.of(new NewTopic(topic, 1, replicationFactor),
                        new NewTopic(membershipTopic, 1, replicationFactor))).values();
                for (var topicCreation : created.entrySet()) {
                    try {
                        topicCreation.getValue().get(30, TimeUnit.SECONDS);
                        log.info("Created Kafka topic {}", topicCreation.getKey());
                    }
                    catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException("Cannot create Kafka topic " + topicCreation.getKey(),
                                    e.getCause());
                        }
                    }
                }
            }
            catch (InterruptedException | TimeoutException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("Cannot create Kafka topics " + topic + ", " + membershipTopic, e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private void emit(String value) {
        try {
            deliver(json.readValue(value, RoomCreated.class));
        }
        catch (JacksonException e) {
            log.warn("Skipping a room event that is not a RoomCreated: {}", e.getOriginalMessage());
        }
    }

    /** Hands a received event to the local subscribers. */
    void deliver(RoomCreated event) {
        // NOTE: one consumer thread emits, so the only failure is "no subscriber", which is fine to ignore.
        received.tryEmitNext(event);
    }

    @Override
    public void stop() {
        Disposable running = consumption;
        if (running != null) {
            running.dispose();
        }
        sender.close();
        consumption = null;
    }

    @Override
    public boolean isRunning() {
        return consumption != null;
    }
}
