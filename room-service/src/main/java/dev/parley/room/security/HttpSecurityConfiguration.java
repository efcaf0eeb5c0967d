package dev.parley.room.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/** HTTP exists only for the health probes and the Prometheus scrape (with a token); everything else is denied. */
@Configuration(proxyBeanMethods = false)
class HttpSecurityConfiguration {

    @Bean
    SecurityWebFilterChain httpSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
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
