package dev.parley.chat.message;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Message rules.
 *
 * @param maxLength the longest accepted message text, in Unicode code points
 */
@Validated
@ConfigurationProperties("parley.chat.message")
record MessageProperties(@DefaultValue("4000") @Min(1) @Max(1_000_000) int maxLength) {
}
