package dev.parley.chat.security;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How access tokens are checked.
 *
 * @param issuerUri the exact {@code iss} claim every token must carry
 * @param jwkSetUri where the issuer publishes its signing keys
 * @param audience an entry the {@code aud} claim must contain
 * @param clockSkew tolerance when checking {@code exp} and {@code nbf}
 * @param verifiedTokensMax verified tokens remembered until they expire, so that a user's requests cost one signature
 * check; 0 remembers none
 */
@Validated
@ConfigurationProperties("parley.chat.jwt")
record JwtProperties(@NotBlank String issuerUri, @NotBlank String jwkSetUri, @NotBlank String audience,
        @DefaultValue("30s") @NotNull Duration clockSkew, @DefaultValue("10000") @Min(0) int verifiedTokensMax) {
}
