package dev.parley.gateway.tracing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.observation.SecurityObservationSettings;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.rsocket.micrometer.observation.ByteBufSetter;
import io.rsocket.micrometer.observation.RSocketRequesterTracingObservationHandler;

import dev.parley.gateway.socket.SocketProperties;

/**
 * Starts a trace for every request to chat-service (or continues the HTTP request's, for the REST API) and writes
 * its context into the request's metadata, where chat-service picks it up and carries it on to Kafka and delivery;
 * keeps connection-long requests ({@link ObservedRequests}) and Spring Security's filter chain out of observation.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    @Bean
    ObservationPredicate observedRequests(SocketProperties socket) {
        return new ObservedRequests(socket.path());
    }

    // NOTE: the chain's observations last as long as their request, so each WebSocket kept three of them for its
    // whole life. Turned off here, Spring Security does not decorate the chain at all; an ObservationPredicate would
    // leave the decorator in place running no-op observations (a build that did so once saw a REST call hang).
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    // NOTE: ordered before Boot's catch-all tracing handler, which would otherwise take the RSocket observations and
    // never write the context into the metadata (the request would go out without it).
    @Bean
    @Order(0)
    RSocketRequesterTracingObservationHandler rsocketRequesterTracing(Tracer tracer, Propagator propagator) {
        return new RSocketRequesterTracingObservationHandler(tracer, propagator, new ByteBufSetter(), false);
    }
}
