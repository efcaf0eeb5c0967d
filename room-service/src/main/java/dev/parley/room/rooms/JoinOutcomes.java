package dev.parley.room.rooms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import dev.parley.model.ParleyException;

/**
 * Room joins by outcome, for Prometheus ({@code parley_room_joins_total}): {@code joined}, or the error code of the
 * refusal — ROOM_ACCESS_DENIED (a wrong password or an unknown room, alike), RATE_LIMITED, INVALID_*. A rising
 * ROOM_ACCESS_DENIED rate is someone guessing passwords.
 */
@Component
class JoinOutcomes {

    private final MeterRegistry registry;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    JoinOutcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    void joined() {
        count("joined");
    }

    void refused(Throwable error) {
        count(error instanceof ParleyException p ? p.code().name() : "INTERNAL");
    }

    private void count(String outcome) {
        counters.computeIfAbsent(outcome, o -> Counter.builder("parley.room.joins")
                .description("Room joins by outcome: joined, or the refusal's error code")
                .tag("outcome", o)
                .register(registry)).increment();
    }
}
