package dev.parley.gateway.backend;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * The gateway's own client at the issuer (client credentials), for what it asks of the services on behalf of no one
 * user: the room feed and the rooms' relays it shares among its connections.
 *
 * @param tokenUri the issuer's token endpoint
 * @param clientId the gateway's client id
 * @param clientSecret the gateway's client secret; never logged
 * @param scope the scopes asked for
 * @param audience the {@code audience} parameter some issuers need (Auth0); blank sends none
 */
@Validated
@ConfigurationProperties("parley.gateway.service-client")
public record ServiceClientProperties(@NotNull URI tokenUri, @NotBlank String clientId, @NotBlank String clientSecret,
        @DefaultValue("chat.relay") @NotBlank String scope, @DefaultValue("") String audience) {

    @Override
    public String toString() {
        return "ServiceClientProperties[tokenUri=" + tokenUri + ", clientId=" + clientId + ", clientSecret=***, scope="
                + scope + ", audience=" + audience + "]";
    }
}
