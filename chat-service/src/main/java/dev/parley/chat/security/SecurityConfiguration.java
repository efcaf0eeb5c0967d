package dev.parley.chat.security;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.rsocket.EnableRSocketSecurity;
import org.springframework.security.config.annotation.rsocket.RSocketSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.rsocket.core.PayloadSocketAcceptorInterceptor;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * RSocket: the setup frame carries no token (one connection serves many users), every request must carry a valid
 * JWT. HTTP: only the health probes are open; the Prometheus scrape needs a token with metrics.read. Boot 4 registers the interceptor in the RSocket server and the
 * {@code @AuthenticationPrincipal} resolver by itself (RSocketSecurityAutoConfiguration; checked by test).
 */
@Configuration(proxyBeanMethods = false)
@EnableRSocketSecurity
class SecurityConfiguration {

    @Bean
    ReactiveJwtDecoder jwtDecoder(JwtProperties properties) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuerUri()),
                new JwtClaimValidator<Object>(JwtClaimNames.AUD,
                        aud -> aud instanceof Collection<?> entries && entries.contains(properties.audience())))));
        return new VerifiedTokens(decoder, properties.clockSkew(), properties.verifiedTokensMax(), Clock.systemUTC());
    }

    @Bean
    PayloadSocketAcceptorInterceptor rsocketSecurity(RSocketSecurity rsocket, ReactiveJwtDecoder decoder) {
        return rsocket
                .authorizePayload(payloads -> payloads.setup().permitAll().anyRequest().authenticated()
                        .anyExchange().authenticated())
                .jwt(jwt -> jwt.authenticationManager(new JwtReactiveAuthenticationManager(decoder)))
                .addPayloadInterceptor(new SecurityErrorInterceptor())
                .build();
    }

    @Bean
    SecurityWebFilterChain actuatorOnly(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
        return http
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/health", "/actuator/health/**").permitAll()
                    // Prometheus scrapes with a client-credentials token carrying metrics.read (docs/operations.md).
                    .pathMatchers(HttpMethod.GET, "/actuator/prometheus").hasAuthority("SCOPE_metrics.read")
                        .anyExchange().denyAll())
                .oauth2ResourceServer(oauth2 -> oauth2.jwt(jwt -> jwt.jwtDecoder(decoder)))
                // Stateless: no WebSession per scrape (and no hop off the event loop to create one).
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }
}
