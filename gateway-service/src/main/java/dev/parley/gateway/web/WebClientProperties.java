package dev.parley.gateway.web;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * How the browser client signs in (served as {@code /config.json}).
 *
 * @param authority the OIDC issuer the browser signs in with (its discovery document must be reachable from the
 * browser)
 * @param clientId the public OIDC client registered for the web client
 * @param audience the API audience to ask for (Auth0 needs it to issue a JWT access token); may be empty
 * @param scope the scopes to ask for
 */
@Validated
@ConfigurationProperties("parley.gateway.web")
public record WebClientProperties(@NotNull URI authority, @NotBlank String clientId, @DefaultValue("") String audience,
        @DefaultValue("openid profile email") @NotBlank String scope) {
}
