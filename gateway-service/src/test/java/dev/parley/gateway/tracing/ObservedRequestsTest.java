package dev.parley.gateway.tracing;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import io.micrometer.observation.Observation;

import static org.assertj.core.api.Assertions.assertThat;

class ObservedRequestsTest {

    private final ObservedRequests observed = new ObservedRequests("/ws");

    @Test
    void theWebSocketUpgradeWhichLastsAsLongAsTheConnectionIsNotObserved() {
        assertThat(observed.test("http.server.requests", request("/ws"))).isFalse();
    }

    @Test
    void probesAreNotObserved() {
        assertThat(observed.test("http.server.requests", request("/actuator/health/readiness"))).isFalse();
    }

    @Test
    void apiRequestsAndCallsToTheServicesAreObserved() {
        assertThat(observed.test("http.server.requests", request("/api/rooms"))).isTrue();
        assertThat(observed.test("http.server.requests", request("/wsx"))).isTrue();
        assertThat(observed.test("rsocket.request", new Observation.Context())).isTrue();
    }

    private static ServerRequestObservationContext request(String path) {
        return new ServerRequestObservationContext(MockServerHttpRequest.get(path).build(), new MockServerHttpResponse(),
                Map.of());
    }
}
