package dev.parley.load.raw;

import dev.parley.load.Latency;

/**
 * Records produced on a fixed schedule, open-loop, and their produce → consume latency.
 *
 * @param rate the scheduled rate, records per second
 * @param seconds how long it produced
 * @param sent records sent
 * @param consumed records consumed
 * @param skipped scheduled sends not made because {@code --max-in-flight} records were unacknowledged
 * @param latency from the scheduled send time to the consumer's poll returning the record
 */
public record KafkaLatency(double rate, double seconds, long sent, long consumed, long skipped, Latency latency) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "latency at %.0f/s for %.2f s: sent %d, consumed %d, skipped %d; produce → consume %s", this.rate,
                this.seconds, this.sent, this.consumed, this.skipped, this.latency);
    }
}
