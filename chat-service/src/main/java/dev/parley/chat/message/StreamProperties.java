package dev.parley.chat.message;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Message stream settings.
 *
 * @param catchUpPageSize messages per PostgreSQL query while a stream catches up or backfills a gap
 * @param subscriberBuffer live messages buffered per stream before it fails with SLOW_CONSUMER
 */
@Validated
@ConfigurationProperties("parley.chat.stream")
record StreamProperties(@DefaultValue("500") @Min(1) @Max(10_000) int catchUpPageSize,
        @DefaultValue("1024") @Min(1) @Max(1_000_000) int subscriberBuffer) {
}
