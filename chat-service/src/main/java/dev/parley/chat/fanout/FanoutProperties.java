package dev.parley.chat.fanout;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka fan-out settings.
 *
 * @param bootstrapServers the Kafka brokers
 * @param topicLayout one topic per room ({@code per-room}) or one topic for every room keyed by room id
 * ({@code shared})
 * @param roomTopicPrefix per-room layout: a room's topic is prefix + room id
 * @param sharedTopic shared layout: the one topic every room's messages go to
 * @param sharedTopicPartitions shared layout: its partition count when this service creates it (a room stays in one
 * partition; changing the count later moves rooms between partitions)
 * @param replicationFactor replication factor of the topics this service creates
 * @param roomEventsTopic per-room layout: room-service's event topic, read to create a room's topic with the room
 * @param roomEventsGroup per-room layout: the consumer group, shared by every instance, that creates those topics
 * @param topicDiscoveryInterval how often consumers refresh topic metadata (bounds when a new room topic is read)
 * @param knownTopicsMax bound on the set of topics this instance remembers as existing
 * @param sendTimeout how long a publish may take before the post fails with SERVICE_UNAVAILABLE
 * @param linger how long the producer waits to fill a batch before sending it (Kafka's {@code linger.ms}); every
 * message's delivery waits up to this long
 */
@Validated
@ConfigurationProperties("parley.chat.kafka")
record FanoutProperties(@NotBlank String bootstrapServers,
        @DefaultValue("per-room") @NotNull TopicLayout.Kind topicLayout,
        @DefaultValue("parley.room.") @NotBlank String roomTopicPrefix,
        @DefaultValue("parley.messages") @NotBlank String sharedTopic,
        @DefaultValue("12") @Min(1) @Max(10_000) int sharedTopicPartitions,
        @DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) int replicationFactor,
        @DefaultValue("parley.room-events") @NotBlank String roomEventsTopic,
        @DefaultValue("chat-service-room-topics") @NotBlank String roomEventsGroup,
        @DefaultValue("1s") @NotNull Duration topicDiscoveryInterval,
        @DefaultValue("10000") @Min(1) int knownTopicsMax,
        @DefaultValue("10s") @NotNull Duration sendTimeout,
        @DefaultValue("1ms") @NotNull @DurationMin(millis = 0) @DurationMax(seconds = 1) Duration linger) {
}
