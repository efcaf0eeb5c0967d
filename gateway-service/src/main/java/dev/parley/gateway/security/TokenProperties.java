package dev.parley.gateway.security;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * How access tokens are checked.
 *
 * @param issuer the exact {@code iss} claim tokens must carry
 * @param jwkSetUri where the issuer's signing keys are fetched from; configured directly (not discovered) so that an
 * unreachable issuer gives 401/503 instead of failing at startup or answering 500
 * @param audience a value the {@code aud} claim must contain
 * @param clockSkew tolerance for {@code exp} and {@code nbf}
 * @param keyFetchTimeout the longest a check may wait for the issuer's keys (fetched on the first token and on an
 * unknown {@code kid}); past it the caller gets AUTH_UNAVAILABLE (WebSocket 4002, HTTP 503) instead of waiting on
 */
@Validated
@ConfigurationProperties("parley.gateway.token")
public record TokenProperties(@NotNull URI issuer, @NotNull URI jwkSetUri, @NotBlank String audience,
        @DefaultValue("30s") @NotNull Duration clockSkew, @DefaultValue("5s") @NotNull Duration keyFetchTimeout) {
}
