package dev.parley.chat.message;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the service stops.
 *
 * @param drainTimeout how long a stopping instance waits for posts in flight to be stored and published
 */
@Validated
@ConfigurationProperties("parley.chat.shutdown")
record ShutdownProperties(@DefaultValue("10s") @NotNull Duration drainTimeout) {
}
