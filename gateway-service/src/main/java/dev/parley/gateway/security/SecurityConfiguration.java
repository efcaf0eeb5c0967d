package dev.parley.gateway.security;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.access.server.BearerTokenServerAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.server.BearerTokenServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

import dev.parley.gateway.api.SecurityProblems;
import reactor.core.publisher.Mono;

/**
 * The gateway's HTTP security: the WebSocket endpoint and the web client's static files are open (the WebSocket signs
 * in with its first frame, so no token ever appears in a URL); everything else needs a bearer token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, SecurityProblems problems) {
        return http
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/ws", "/", "/index.html", "/callback.html", "/silent-renew.html", "/app/**",
                                "/webjars/**", "/config.json", "/favicon.ico", "/actuator/health/**",
                                "/api/openapi.yaml")
                        .permitAll()
                        // Prometheus scrapes with a client-credentials token (docs/operations.md, "Metrics"): the
                        // gateway's port is the public one, so its metrics are not open to everyone.
                        .pathMatchers(HttpMethod.GET, "/actuator/prometheus").hasAuthority("SCOPE_metrics.read")
                        // The service API (docs/api.md): reading needs scope chat.read, writing chat.write.
                        .pathMatchers(HttpMethod.GET, "/api/**").hasAuthority("SCOPE_chat.read")
                        .pathMatchers(HttpMethod.POST, "/api/**").hasAuthority("SCOPE_chat.write")
                        .anyExchange().authenticated())
                .oauth2ResourceServer(oauth2 -> oauth2
                        .jwt(jwt -> {
                        })
                        // Refusals carry RFC 9457 problem bodies with Parley's error codes (SecurityProblems).
                        .authenticationEntryPoint(entryPoint(problems))
                        .authenticationFailureHandler(failureHandler(problems))
                        .accessDeniedHandler(problems.accessDenied(new BearerTokenServerAccessDeniedHandler())))
                // The web client renews its token in a hidden iframe of its own origin (silent-renew.html).
                .headers(headers -> headers.frameOptions(
                        frame -> frame.mode(XFrameOptionsServerHttpHeadersWriter.Mode.SAMEORIGIN)))
                // NOTE: stateless — no WebSession. The default repository asks for the session on every request; the
                // in-memory session store creates it on another thread and the request then continues on Reactor's
                // parallel scheduler, off the Netty event loop — where the WebSocket upgrade raced with the channel
                // and some connections died at once (1006, seen in CI). Tokens travel with every request anyway.
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .build();
    }

    private static ServerAuthenticationFailureHandler failureHandler(SecurityProblems problems) {
        ServerAuthenticationEntryPointFailureHandler handler = new ServerAuthenticationEntryPointFailureHandler(
                entryPoint(problems));
        // NOTE: by default an AuthenticationServiceException (issuer keys unreachable) is rethrown and becomes a 500.
        handler.setRethrowAuthenticationServiceException(false);
        return handler;
    }

    /** An unreachable issuer is a 503 for the caller to retry, never a 500. */
    private static ServerAuthenticationEntryPoint entryPoint(SecurityProblems problems) {
        BearerTokenServerAuthenticationEntryPoint bearer = new BearerTokenServerAuthenticationEntryPoint();
        return problems.entryPoint((exchange, e) -> {
            if (e instanceof AuthenticationServiceException) {
                exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
                exchange.getResponse().getHeaders().set("Retry-After", "5");
                return Mono.empty();
            }
            return bearer.commence(exchange, e);
        });
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(TokenProperties properties) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
                .build();
        List<OAuth2TokenValidator<Jwt>> validators = List.of(new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuer().toString()),
                new JwtClaimValidator<List<String>>("aud",
                        aud -> aud != null && aud.contains(properties.audience())));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        // NOTE: when the key set cannot be fetched, Nimbus fails with a plain IllegalStateException, which Spring
        // Security would turn into a 500. As a (non-"bad") JwtException it becomes a 503 here and AUTH_UNAVAILABLE
        // on the WebSocket.
        // NOTE: Spring Security fetches the keys with a WebClient that has no timeouts; an issuer that accepts the
        // connection but never answers would hold every sign-in that needs the keys.
        return token -> decoder.decode(token)
                .timeout(properties.keyFetchTimeout())
                .onErrorMap(e -> !(e instanceof JwtException), KeysUnavailableException::new)
                // Any other refusal by the decoder (an encrypted or otherwise unsupported token) is the token's fault.
                .onErrorMap(e -> e instanceof JwtException && !(e instanceof BadJwtException)
                        && !(e instanceof KeysUnavailableException), e -> new BadJwtException(e.getMessage(), e));
    }
}
