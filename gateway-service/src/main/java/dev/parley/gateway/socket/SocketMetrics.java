package dev.parley.gateway.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import dev.parley.model.frame.ClientFrame;
import dev.parley.model.frame.ServerFrame;

/**
 * What the WebSocket edge exposes to Prometheus (docs/operations.md, "Metrics"): open connections, rooms relayed,
 * frames in and out by protocol type, error frames by code, closes by reason, and the delivery delay of every message
 * written to a client (from the moment chat-service stored it). Every tag value comes from a closed set, never from client input.
 */
@Component
class SocketMetrics {

    private static final Map<Class<?>, String> CLIENT_TYPES = Arrays
            .stream(ClientFrame.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    private static final Map<Class<?>, String> SERVER_TYPES = Arrays
            .stream(ServerFrame.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    private final MeterRegistry registry;

    private final Map<String, Counter> framesIn = new ConcurrentHashMap<>();

    private final Map<String, Counter> framesOut = new ConcurrentHashMap<>();

    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    private final Map<CloseReason, Counter> closes = new ConcurrentHashMap<>();

    private final Timer deliveryDelay;

    SocketMetrics(MeterRegistry registry, ConnectedClients clients, RoomRelays relays) {
        this.registry = registry;
        Gauge.builder("parley.gateway.connections", clients, ConnectedClients::count)
                .description("Open WebSocket connections on this gateway")
                .register(registry);
        Gauge.builder("parley.gateway.relays", relays, RoomRelays::size)
                .description("Rooms whose relay this gateway follows (rooms entered by its connections)")
                .register(registry);
        this.deliveryDelay = Timer.builder("parley.gateway.delivery.delay")
                .description("From a message's storage in chat-service to its frame being written to a client")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    void frameIn(ClientFrame frame) {
        count(framesIn, "parley.gateway.frames.in", "Frames received from clients, by type",
                CLIENT_TYPES.getOrDefault(frame.getClass(), "other"));
    }

    void unreadableFrameIn() {
        count(framesIn, "parley.gateway.frames.in", "Frames received from clients, by type", "unreadable");
    }

    void frameOut(ServerFrame frame) {
        count(framesOut, "parley.gateway.frames.out", "Frames written to clients, by type",
                SERVER_TYPES.getOrDefault(frame.getClass(), "other"));
        if (frame instanceof ServerFrame.Error error) {
            errors.computeIfAbsent(error.code(), code -> Counter.builder("parley.gateway.errors")
                    .description("Error frames sent to clients, by code (sign-ins refused are TOKEN_INVALID, "
                            + "AUTH_UNAVAILABLE, UNAUTHENTICATED, FORBIDDEN)")
                    .tag("code", code)
                    .register(registry)).increment();
        }
        else if (frame instanceof ServerFrame.Message message && message.sentAt() != null) {
            Duration delay = Duration.between(message.sentAt(), Instant.now());
            if (!delay.isNegative()) {
                deliveryDelay.record(delay);
            }
        }
    }

    void closed(CloseReason reason) {
        closes.computeIfAbsent(reason, r -> Counter.builder("parley.gateway.closes")
                .description("Connections closed by the gateway, by close code")
                .tag("code", Integer.toString(r.status().getCode()))
                .register(registry)).increment();
    }

    private void count(Map<String, Counter> counters, String name, String description, String type) {
        counters.computeIfAbsent(type, t -> Counter.builder(name).description(description).tag("type", t)
                .register(registry)).increment();
    }
}
