package dev.parley.gateway.tracing;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

/**
 * Which of the gateway's HTTP requests are observed: not the WebSocket upgrade, not the actuator's requests (probes,
 * scrapes). NOTE: an observation lasts as long as its request, and a WebSocket's request as long as the connection:
 * each open socket kept its observation with its context, key values, span and the whole upgrade exchange — heap
 * per idle connection (docs/benchmarks.md), and a never-ending span per connection. Connections are counted by the
 * gateway's own metrics. Spring Security's chain is kept out by {@code SecurityObservationSettings}, which leaves it
 * undecorated, rather than here.
 */
final class ObservedRequests implements ObservationPredicate {

    private final String socketPath;

    ObservedRequests(String socketPath) {
        this.socketPath = socketPath;
    }

    @Override
    public boolean test(String name, Observation.Context context) {
        if (context instanceof ServerRequestObservationContext request) {
            String path = request.getCarrier().getPath().value();
            return !path.equals(socketPath) && !path.startsWith("/actuator/");
        }
        return true;
    }
}
