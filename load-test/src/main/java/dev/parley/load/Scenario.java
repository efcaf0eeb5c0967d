package dev.parley.load;

import java.util.Locale;
import java.util.Map;

/** The documented scenarios (issue 7), each with its default shape; command-line options override any of them. */
public enum Scenario {

    /** (a) 10 rooms × 20 members, 10 senders, 200 messages/s for 30 s. */
    LATENCY(Map.of()),

    /** (b) 10 rooms × 10 members, the rate raised in 10-s steps until p99 passes 100 ms or deliveries fall behind. */
    THROUGHPUT(Map.of("members", "10")),

    /** (c) idle signed-in connections on one gateway, in levels, with the gateway's heap and RSS per connection. */
    CONNECTIONS(Map.of()),

    /** (d) (a) spread over two gateways, so that most deliveries cross instances. */
    CROSS(Map.of("gateways", "http://127.0.0.1:8080,http://127.0.0.1:8090")),

    /** (e) (a) while 200 users join password rooms at once, a third of the way in. */
    JOINSTORM(Map.of());

    private final Map<String, String> overrides;

    Scenario(Map<String, String> overrides) {
        this.overrides = overrides;
    }

    /** Options this scenario sets differently from the common defaults. */
    Map<String, String> overrides() {
        return this.overrides;
    }

    /** The scenario's name on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Scenario of(String id) {
        for (Scenario scenario : values()) {
            if (scenario.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; one of latency, throughput, connections, "
                + "cross, joinstorm");
    }
}
