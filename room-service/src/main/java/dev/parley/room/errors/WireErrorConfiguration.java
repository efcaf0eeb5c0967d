package dev.parley.room.errors;

import org.springframework.boot.rsocket.server.RSocketServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wraps every accepted connection's responder in a {@link WireErrorResponder}. */
@Configuration(proxyBeanMethods = false)
class WireErrorConfiguration {

    @Bean
    RSocketServerCustomizer wireErrors() {
        return server -> server.interceptors(registry -> registry.forResponder(WireErrorResponder::new));
    }
}
