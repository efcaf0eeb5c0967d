package dev.parley.load.raw;

/**
 * Records produced as fast as the in-flight bound allowed, and consumed in the same JVM.
 *
 * @param records records acknowledged by the broker
 * @param consumed records consumed
 * @param producedSeconds from the first send to the last acknowledgement
 * @param producedPerSecond {@code records / producedSeconds}
 * @param consumedSeconds from the first send to the last record consumed
 * @param consumedPerSecond {@code consumed / consumedSeconds}: the figure
 */
public record KafkaThroughput(long records, long consumed, double producedSeconds, double producedPerSecond,
        double consumedSeconds, double consumedPerSecond) {

    static KafkaThroughput of(long records, long producedNanos, long consumed, long consumedNanos) {
        double produced = producedNanos / 1e9;
        double received = consumedNanos / 1e9;
        return new KafkaThroughput(records, consumed, round(produced), perSecond(records, produced), round(received),
                perSecond(consumed, received));
    }

    private static double perSecond(long count, double seconds) {
        return (count > 0 && seconds > 0) ? round(count / seconds) : 0;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "throughput: %d records acknowledged at %.1f/s (%.2f s), %d consumed at %.1f/s (%.2f s)", this.records,
                this.producedPerSecond, this.producedSeconds, this.consumed, this.consumedPerSecond,
                this.consumedSeconds);
    }
}
