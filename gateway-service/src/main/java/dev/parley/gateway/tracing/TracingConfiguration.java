package dev.parley.gateway.tracing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.rsocket.micrometer.observation.ByteBufSetter;
import io.rsocket.micrometer.observation.RSocketRequesterTracingObservationHandler;

/**
 * Starts a trace for every request to chat-service (or continues the HTTP request's, for the REST API) and writes
 * its context into the request's metadata, where chat-service picks it up and carries it on to Kafka and delivery.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    // NOTE: ordered before Boot's catch-all tracing handler, which would otherwise take the RSocket observations and
    // never write the context into the metadata (the request would go out without it).
    @Bean
    @Order(0)
    RSocketRequesterTracingObservationHandler rsocketRequesterTracing(Tracer tracer, Propagator propagator) {
        return new RSocketRequesterTracingObservationHandler(tracer, propagator, new ByteBufSetter(), false);
    }
}
