package dev.parley.chat.membership;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How membership is checked.
 *
 * @param roomServiceUris room-service instances ({@code tcp://host:port}), load-balanced round robin
 * @param timeout how long to wait for room-service's answer before failing with SERVICE_UNAVAILABLE
 * @param cacheTtl how long a positive answer is trusted (a member who leaves may read on for this long)
 * @param maxEntries bound on cached (room, user) answers
 * @param events where removals from rooms are heard of
 */
@Validated
@ConfigurationProperties("parley.chat.membership")
record MembershipProperties(@NotEmpty List<URI> roomServiceUris, @DefaultValue("5s") @NotNull Duration timeout,
        @DefaultValue("30s") @NotNull Duration cacheTtl, @DefaultValue("100000") @Min(1) long maxEntries,
        @Valid @NotNull Events events) {

    /**
     * room-service's membership events.
     *
     * @param bootstrapServers the Kafka brokers
     * @param topic the topic room-service publishes {@code MemberRemoved} events to
     * @param replicationFactor replication factor if this service creates the topic (one partition)
     */
    record Events(@NotBlank String bootstrapServers,
            @DefaultValue("parley.membership-events") @NotBlank String topic,
            @DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) short replicationFactor) {
    }
}
