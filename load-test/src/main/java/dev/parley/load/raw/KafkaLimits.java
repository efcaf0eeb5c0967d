package dev.parley.load.raw;

import java.util.List;
import java.util.Map;

/**
 * What raw-kafka measured.
 *
 * @param bootstrap the broker(s)
 * @param topic the topic used (one partition, replication factor 1; deleted since)
 * @param lingerMs the producer's {@code linger.ms} (acks=all and idempotence on, as chat-service's producer)
 * @param valueBytes the size of one record's value
 * @param throughput as fast as possible
 * @param latency at a fixed rate
 * @param errors failed sends by exception, NOT_ACKED and NOT_CONSUMED records
 */
public record KafkaLimits(String bootstrap, String topic, int lingerMs, int valueBytes, KafkaThroughput throughput,
        KafkaLatency latency, Map<String, Long> errors) implements RawResult {

    @Override
    public List<String> table() {
        return List.of(String.format(java.util.Locale.ROOT,
                "Kafka at %s, topic %s (1 partition), acks=all, idempotent, linger.ms=%d, values of %d bytes",
                this.bootstrap, this.topic, this.lingerMs, this.valueBytes), this.throughput.toString(),
                this.latency.toString());
    }
}
