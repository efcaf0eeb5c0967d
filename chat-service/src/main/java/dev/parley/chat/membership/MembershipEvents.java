package dev.parley.chat.membership;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.parley.model.MemberRemoved;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverPartition;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * Hears of removals from rooms (room-service's {@link MemberRemoved} events) and acts on them on this instance: the
 * removed user's open streams of the room end, the room's relays pass the removal on to their gateways, and the
 * cached membership is forgotten, so the user's next read or send asks room-service again.
 */
final class MembershipEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MembershipEvents.class);

    private final MembershipProperties.Events properties;

    private final MembershipGuard guard;

    private final MemberStreams streams;

    private final RoomRemovals removals;

    private final JsonMapper json;

    /** Per partition, the offset of the next event this instance has not handled. */
    private final Map<Integer, Long> nextOffsets = new ConcurrentHashMap<>();

    private final ReceiverOptions<String, String> receiverOptions;

    private volatile Disposable consuming;

    MembershipEvents(MembershipProperties.Events properties, MembershipGuard guard, MemberStreams streams,
            RoomRemovals removals, JsonMapper json) {
        this.properties = properties;
        this.guard = guard;
        this.streams = streams;
        this.removals = removals;
        this.json = json;
        // NOTE: a group of its own per instance and start, since every instance must act on every removal; removals
        // from before the start do not matter (no stream of this instance existed). Positions stay in memory, so a
        // consumer re-created after a failure resumes where it was instead of skipping to "latest".
        this.receiverOptions = ReceiverOptions.<String, String>create(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "chat-service-membership-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))
            .subscription(List.of(properties.topic()))
            .addAssignListener(partitions -> {
                for (ReceiverPartition partition : partitions) {
                    Long resumeAt = nextOffsets.get(partition.topicPartition().partition());
                    if (resumeAt == null) {
                        partition.seekToEnd();
                        nextOffsets.put(partition.topicPartition().partition(), partition.position());
                    }
                    else {
                        partition.seek(resumeAt);
                    }
                }
                removals.listening();
            });
    }

    @Override
    public void start() {
        consuming = ensureTopic()
            .thenMany(Flux.defer(() -> KafkaReceiver.create(receiverOptions).receive()))
            .doOnError(error -> log.warn("Membership events consumer failed, restarting: {}", error.toString()))
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                .transientErrors(true))
            .subscribe(record -> {
                nextOffsets.put(record.partition(), record.offset() + 1);
                handle(record.value());
            }, error -> log.error("Membership events consumer stopped", error));
    }

    private void handle(String value) {
        MemberRemoved removal;
        try {
            removal = json.readValue(value, MemberRemoved.class);
        }
        catch (JacksonException unreadable) {
            log.warn("Skipping a membership event that is not a MemberRemoved: {}", unreadable.getOriginalMessage());
            return;
        }
        if (removal.roomId() == null || removal.userId() == null) {
            log.warn("Skipping a MemberRemoved without room or user");
            return;
        }
        removed(removal);
    }

    /**
     * Acts on a removal: forgets the membership first, so a stream starting now asks room-service again; then ends the
     * user's streams here and tells the room's relays, so each gateway ends the user's streams there.
     */
    void removed(MemberRemoved removal) {
        guard.forget(removal.roomId(), removal.userId());
        streams.removed(removal.roomId(), removal.userId());
        removals.removed(removal);
    }

    // NOTE: room-service creates the topic too; whoever starts first does, so that this consumer never subscribes to
    // a topic that does not exist yet and then resolves "latest" after events were published to it.
    private Mono<Void> ensureTopic() {
        return Mono.<Void>fromRunnable(() -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    properties.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(properties.topic(), 1, properties.replicationFactor())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            }
            catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create Kafka topic " + properties.topic(), e.getCause());
                }
            }
            catch (InterruptedException | TimeoutException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("Cannot create Kafka topic " + properties.topic(), e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public void stop() {
        Disposable current = consuming;
        if (current != null) {
            current.dispose();
        }
        consuming = null;
    }

    @Override
    public boolean isRunning() {
        return consuming != null;
    }
}
