package dev.parley.room;

import java.time.Duration;

import jakarta.validation.Valid;
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
 * room-service settings under {@code parley.room}; every limit has a default here and a line of docs in
 * application.yaml.
 */
@Validated
@ConfigurationProperties("parley.room")
public record RoomProperties(
        @NotBlank @DefaultValue("parley.room-events") String eventsTopic,
        @NotBlank @DefaultValue("parley.membership-events") String membershipTopic,
        @Valid @NotNull @DefaultValue Password password,
        @Valid @NotNull @DefaultValue Events events,
        @Valid @NotNull @DefaultValue Kafka kafka,
        @Valid @NotNull @DefaultValue Security security) {

    /** Room password rules, bcrypt cost and the limits on failed join attempts. */
    public record Password(
            @Min(1) @Max(72) @DefaultValue("8") int minLength,
            // NOTE: below 10 bcrypt is too cheap to brute-force; above 16 one join costs seconds of CPU.
            @Min(10) @Max(16) @DefaultValue("10") int bcryptCost,
            // NOTE: bcrypt is pure CPU; a join storm on more threads than this would starve the message path.
            @Min(1) @Max(64) @DefaultValue("1") int bcryptThreads,
            @Valid @NotNull @DefaultValue Attempts attempts) {
    }

    /**
     * How many failed rooms.join attempts a user may make within a sliding window: per room name, and in total.
     * Counted in PostgreSQL, so the limits hold across all room-service instances.
     */
    public record Attempts(
            @Min(1) @Max(1_000) @DefaultValue("5") int perRoom,
            @Min(1) @Max(10_000) @DefaultValue("20") int perUser,
            @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 24) @DefaultValue("1m") Duration window) {
    }

    /** Live room events: per-subscriber buffer and how long a create waits for Kafka to take its event. */
    public record Events(
            @Min(1) @Max(100_000) @DefaultValue("256") int subscriberBuffer,
            @NotNull @DefaultValue("10s") Duration publishTimeout) {
    }

    /** Kafka connection and topic settings for the room events. */
    public record Kafka(
            @NotBlank @DefaultValue("127.0.0.1:9092") String bootstrapServers,
            @Min(1) @Max(32) @DefaultValue("1") short replicationFactor) {
    }

    /** Which access tokens to accept: issuer, signing keys, required audience and allowed clock skew. */
    public record Security(
            @NotBlank @DefaultValue("http://localhost:9000") String issuerUri,
            @NotBlank @DefaultValue("http://localhost:9000/oauth2/jwks") String jwkSetUri,
            @NotBlank @DefaultValue("parley") String audience,
            @NotNull @DefaultValue("30s") Duration clockSkew) {
    }
}
