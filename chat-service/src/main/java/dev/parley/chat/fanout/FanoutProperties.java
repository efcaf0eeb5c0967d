package dev.parley.chat.fanout;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka fan-out settings.
 *
 * @param bootstrapServers the Kafka brokers
 * @param roomTopicPrefix topic name prefix; a room's topic is prefix + room id
 * @param replicationFactor replication factor of newly created room topics
 * @param topicDiscoveryInterval how often the consumer looks for new room topics (bounds a new room's first delivery)
 * @param knownTopicsMax bound on the set of topics this instance remembers as existing
 * @param sendTimeout how long a publish may take before the post fails with SERVICE_UNAVAILABLE
 */
@Validated
@ConfigurationProperties("parley.chat.kafka")
record FanoutProperties(@NotBlank String bootstrapServers, @DefaultValue("parley.room.") @NotBlank String roomTopicPrefix,
        @DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) int replicationFactor,
        @DefaultValue("1s") @NotNull Duration topicDiscoveryInterval,
        @DefaultValue("10000") @Min(1) int knownTopicsMax,
        @DefaultValue("10s") @NotNull Duration sendTimeout) {
}
