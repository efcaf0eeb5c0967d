package dev.parley.chat.message;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;

/**
 * Posts by outcome, for Prometheus ({@code parley_chat_messages_posted_total}): {@code stored} (acknowledged), or the
 * refusal's error code — NOT_A_MEMBER, INVALID_MESSAGE, SERVICE_UNAVAILABLE (stored but not yet published, or the
 * database or broker down).
 */
@Component
class PostCounts {

    private final MeterRegistry registry;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    PostCounts(MeterRegistry registry) {
        this.registry = registry;
    }

    void stored() {
        count("stored");
    }

    void refused(Throwable error) {
        count(error instanceof ParleyException p ? p.code().name() : "INTERNAL");
    }

    void refused(ErrorCode code) {
        count(code.name());
    }

    private void count(String outcome) {
        counters.computeIfAbsent(outcome, o -> Counter.builder("parley.chat.messages.posted")
                .description("Posts by outcome: stored (acknowledged), or the refusal's error code")
                .tag("outcome", o)
                .register(registry)).increment();
    }
}
