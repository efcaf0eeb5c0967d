package dev.parley.chat.tracing;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.rsocket.micrometer.observation.ByteBufGetter;
import io.rsocket.micrometer.observation.ObservationResponderRSocketProxy;
import io.rsocket.micrometer.observation.RSocketResponderTracingObservationHandler;
import io.rsocket.plugins.RSocketInterceptor;

import org.springframework.boot.rsocket.server.RSocketServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Continues the caller's trace in every RSocket request: the gateway sends the context (W3C traceparent) as
 * composite metadata entries, read here before Spring Security and the routes see the request. From there it flows
 * to Kafka (the observed sender writes it into record headers) and on to the delivery span of each instance.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    // NOTE: wraps the responder outside Spring Security's acceptor interceptor, so the tracing entries are taken
    // out of the metadata before authentication reads it.
    @Bean
    RSocketServerCustomizer observedRequests(ObservationRegistry observations) {
        return server -> server.interceptors(registry -> registry.forResponder(
                (RSocketInterceptor) responder -> new ObservationResponderRSocketProxy(responder, observations,
                        new RoutedRequestConvention())));
    }

    // NOTE: ordered before Boot's catch-all tracing handler, which would otherwise take the RSocket observations and
    // never hand the proxy the request without its tracing metadata.
    @Bean
    @Order(0)
    RSocketResponderTracingObservationHandler rsocketResponderTracing(Tracer tracer, Propagator propagator) {
        return new RSocketResponderTracingObservationHandler(tracer, propagator, new ByteBufGetter(), false);
    }
}
