package dev.parley.issuer;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/** The registered clients (the public browser client and the confidential service client) and their store. */
@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

    static final String SHORT_LIVED_CLIENT_ID = "parley-short-lived";

    static final Duration SHORT_LIVED_TTL = Duration.ofSeconds(3);

    @Bean
    RegisteredClientRepository registeredClientRepository(IssuerProperties properties) {
        return new InMemoryRegisteredClientRepository(webClient(properties), shortLivedClient(properties),
                serviceClient(properties));
    }

    @Bean
    OAuth2AuthorizationService authorizationService() {
        return new SynchronizedAuthorizationService(new InMemoryOAuth2AuthorizationService());
    }

    private static RegisteredClient webClient(IssuerProperties properties) {
        return RegisteredClient.withId(UUID.randomUUID().toString())
            .clientId(properties.webClientId())
            .clientName("Parley web")
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            // NOTE: listed in case the server grants it; Spring Authorization Server issues no refresh token to a
            // public client, so browsers renew silently with a new authorization request instead.
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .redirectUris((uris) -> properties.redirectUris().stream().map(URI::toString).forEach(uris::add))
            .postLogoutRedirectUris(
                    (uris) -> properties.postLogoutRedirectUris().stream().map(URI::toString).forEach(uris::add))
            .scope(OidcScopes.OPENID)
            .scope(OidcScopes.PROFILE)
            .scope(OidcScopes.EMAIL)
            .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
            .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.accessTokenTtl()).build())
            .build();
    }

    /**
     * Like the web client, but its access tokens expire after {@link #SHORT_LIVED_TTL}: tests use it to see expired
     * tokens refused without forging them.
     */
    private static RegisteredClient shortLivedClient(IssuerProperties properties) {
        return RegisteredClient.from(webClient(properties))
            .id(UUID.randomUUID().toString())
            .clientId(SHORT_LIVED_CLIENT_ID)
            .clientName("Parley short-lived tokens (tests)")
            .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(SHORT_LIVED_TTL).build())
            .build();
    }

    private static RegisteredClient serviceClient(IssuerProperties properties) {
        IssuerProperties.ServiceClient client = properties.serviceClient();
        return RegisteredClient.withId(UUID.randomUUID().toString())
            .clientId(client.clientId())
            .clientName("Parley services")
            .clientSecret("{noop}" + client.secret())
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .scopes((scopes) -> scopes.addAll(client.scopes()))
            .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.accessTokenTtl()).build())
            .build();
    }
}
