package dev.parley.room.security;

import dev.parley.room.user.Users;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.rsocket.EnableRSocketSecurity;
import org.springframework.security.config.annotation.rsocket.RSocketSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.rsocket.core.PayloadSocketAcceptorInterceptor;

/**
 * Authenticates every RSocket request by the bearer JWT in its metadata and refuses those of deleted accounts. The
 * setup frame carries no token because one connection from the gateway multiplexes the requests of many users.
 */
@Configuration(proxyBeanMethods = false)
@EnableRSocketSecurity
class RSocketSecurityConfiguration {

    // NOTE: Boot 4's RSocketSecurityAutoConfiguration still installs this interceptor into the RSocket server and
    // registers the @AuthenticationPrincipal argument resolver; RoomServiceRSocketIT proves both.
    @Bean
    PayloadSocketAcceptorInterceptor rsocketSecurity(RSocketSecurity rsocket, ReactiveJwtDecoder jwtDecoder,
            Users users) {
        return rsocket
            .authorizePayload(authorize -> authorize
                .setup().permitAll()
                // NOTE: here rather than in each handler, so that no route can forget to refuse a deleted account.
                .anyRequest().access(new ActiveAccountAuthorization(users))
                .anyExchange().denyAll())
            .jwt(jwt -> jwt.authenticationManager(new JwtReactiveAuthenticationManager(jwtDecoder)))
            .build();
    }
}
