package dev.parley.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The documented scenarios (issue 7), each with its default shape; command-line options override any of them. The
 * raw ones measure the machine's PostgreSQL and Kafka without Parley, to compare Parley's figures against.
 */
public enum Scenario {

    /** (a) 10 rooms × 20 members, 10 senders, 200 messages/s for 30 s. */
    LATENCY(Map.of()),

    /**
     * (b) 10 rooms × 10 members, the rate raised in 10-s steps until p99 passes 100 ms or deliveries fall behind.
     * Every member sends: a connection's frames are handled one after another (docs/protocol.md), so one sender
     * cannot go faster than one message per acknowledgement latency, and ten senders would measure that, not the
     * system's throughput.
     */
    THROUGHPUT(Map.of("members", "10", "senders", "100")),

    /** (c) idle signed-in connections on one gateway, in levels, with the gateway's heap and RSS per connection. */
    CONNECTIONS(Map.of()),

    /** (d) (a) spread over two gateways, so that most deliveries cross instances. */
    CROSS(Map.of("gateways", "http://127.0.0.1:8080,http://127.0.0.1:8090")),

    /** (e) (a) while 200 users join password rooms at once, a third of the way in. */
    JOINSTORM(Map.of()),

    /** Raw PostgreSQL: single-row insert transactions on 1–16 connections, then multi-row inserts; 10 s a level. */
    RAW_POSTGRES(Map.of("duration", "10s")),

    /** Raw Kafka: produce → consume of message-sized records, as fast as possible, then at 2,000/s for 10 s. */
    RAW_KAFKA(Map.of("duration", "10s", "rate", "2000"));

    private final Map<String, String> overrides;

    Scenario(Map<String, String> overrides) {
        this.overrides = overrides;
    }

    /** Options this scenario sets differently from the common defaults. */
    Map<String, String> overrides() {
        return this.overrides;
    }

    /** The scenario's name on the command line: the constant's name in lower case, hyphens for underscores. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Measures the machine alone, not Parley: no system, issuer or sign-in needed. */
    boolean raw() {
        return this == RAW_POSTGRES || this == RAW_KAFKA;
    }

    static Scenario of(String id) {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        for (Scenario scenario : values()) {
            if (scenario.id().equals(wanted)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; one of " + ids());
    }

    /** Every scenario's id, comma-separated. */
    static String ids() {
        return Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", "));
    }
}
