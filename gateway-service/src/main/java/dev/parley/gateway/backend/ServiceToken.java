package dev.parley.gateway.backend;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import reactor.core.publisher.Mono;

/**
 * The gateway's own access token, from the issuer's token endpoint (client credentials), kept until shortly before it
 * expires and shared by every caller. A failure is not kept: the next caller asks again.
 */
@Component
public class ServiceToken {

    private static final Logger log = LoggerFactory.getLogger(ServiceToken.class);

    /** Renewed this long before it expires (or at half its life, if that is shorter). */
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

    private final Mono<CallerToken> current;

    ServiceToken(ServiceClientProperties client, BackendProperties backend) {
        WebClient web = WebClient.create();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        // NOTE: client_secret_post, which Auth0 (its default for machine-to-machine applications), Keycloak and the dev
        // issuer all accept; the form encoding takes care of any character in the id or secret.
        form.add("grant_type", "client_credentials");
        form.add("client_id", client.clientId());
        form.add("client_secret", client.clientSecret());
        form.add("scope", client.scope());
        if (!client.audience().isBlank()) {
            form.add("audience", client.audience());
        }
        Mono<TokenResponse> fetch = web.post().uri(client.tokenUri())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body(BodyInserters.fromFormData(form))
                .retrieve()
                .bodyToMono(TokenResponse.class)
                .timeout(backend.requestTimeout());
        this.current = fetch
                .map(response -> {
                    if (response.accessToken() == null || response.accessToken().isBlank()) {
                        throw new IllegalStateException("the token response has no access_token");
                    }
                    return response;
                })
                .doOnError(e -> log.warn("The gateway's service token could not be had from {} for client {}: {}",
                        client.tokenUri(), client.clientId(), e.toString()))
                .onErrorMap(e -> new ParleyException(ErrorCode.SERVICE_UNAVAILABLE,
                        "the gateway's service token could not be had"))
                .cache(response -> lifetime(response.expiresIn()), e -> Duration.ZERO, () -> Duration.ZERO)
                .map(response -> new CallerToken(response.accessToken()));
    }

    /** The current token; a fresh one when the last is close to expiry. */
    public Mono<CallerToken> current() {
        return current;
    }

    static Duration lifetime(long expiresInSeconds) {
        Duration life = Duration.ofSeconds(Math.max(0, expiresInSeconds));
        Duration half = life.dividedBy(2);
        return life.minus(half.compareTo(RENEW_BEFORE) < 0 ? half : RENEW_BEFORE);
    }

    record TokenResponse(@JsonProperty("access_token") String accessToken,
            @JsonProperty("expires_in") long expiresIn) {

        @Override
        public String toString() {
            return "TokenResponse[accessToken=***, expiresIn=" + expiresIn + "]";
        }
    }
}
