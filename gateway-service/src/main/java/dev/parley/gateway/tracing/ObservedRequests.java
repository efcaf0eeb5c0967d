package dev.parley.gateway.tracing;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

/**
 * Which of the gateway's observations run: not the WebSocket upgrade request, not the actuator's requests (probes,
 * scrapes), not Spring Security's filter chain. NOTE: an observation lasts as long as its request, and a
 * WebSocket's request lasts as long as the connection: each open socket kept four observations (the HTTP request and
 * three of Spring Security's) with their contexts, key values and span — about 6.5 KiB of heap per idle connection
 * (docs/benchmarks.md), and a never-ending span per connection that every message's trace hung from. Connections
 * are counted by the gateway's own metrics; probe and security spans only cluttered the traces.
 */
final class ObservedRequests implements ObservationPredicate {

    private final String socketPath;

    ObservedRequests(String socketPath) {
        this.socketPath = socketPath;
    }

    @Override
    public boolean test(String name, Observation.Context context) {
        if (name.startsWith("spring.security.")) {
            return false;
        }
        if (context instanceof ServerRequestObservationContext request) {
            String path = request.getCarrier().getPath().value();
            return !path.equals(socketPath) && !path.startsWith("/actuator/");
        }
        return true;
    }
}
