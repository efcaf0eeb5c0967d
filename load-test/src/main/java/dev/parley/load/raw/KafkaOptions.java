package dev.parley.load.raw;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and how the raw-kafka scenario produces and consumes, valid from construction.
 *
 * @param bootstrap the broker(s), {@code host:port[,host:port]}
 * @param lingerMs the producer's {@code linger.ms}
 * @param records throughput: records produced as fast as the in-flight bound allows
 * @param maxInFlight records sent but not yet acknowledged by the broker, at most
 * @param rate latency: records a second, on a fixed schedule
 * @param duration latency: how long to produce at {@code rate}
 * @param drain how long to wait after producing for the last acknowledgements and records
 */
public record KafkaOptions(String bootstrap, int lingerMs, int records, int maxInFlight, double rate,
        Duration duration, Duration drain) {

    public KafkaOptions {
        if (bootstrap.isBlank()) {
            throw new IllegalArgumentException("--kafka-bootstrap must name a broker");
        }
        if (lingerMs < 0 || records <= 0 || maxInFlight <= 0 || !(rate > 0)) {
            throw new IllegalArgumentException(
                    "--linger-ms must not be negative; --records, --max-in-flight and --rate must be positive");
        }
        if (duration.isNegative() || duration.isZero() || drain.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive and --drain not negative");
        }
    }

    /** The options for the result file. */
    public Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("kafkaBootstrap", this.bootstrap);
        described.put("lingerMs", this.lingerMs);
        described.put("records", this.records);
        described.put("maxInFlight", this.maxInFlight);
        described.put("rate", this.rate);
        described.put("duration", this.duration.toString());
        return described;
    }
}
