package dev.parley.load;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution in milliseconds.
 *
 * @param count how many values
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max largest value
 * @param mean arithmetic mean
 */
public record Latency(long count, double p50, double p95, double p99, double max, double mean) {

    static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0);

    /** From a histogram recorded in microseconds. */
    public static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(micros.getTotalCount(), millis(micros.getValueAtPercentile(50)),
                millis(micros.getValueAtPercentile(95)), millis(micros.getValueAtPercentile(99)),
                millis(micros.getMaxValue()), Math.round(micros.getMean()) / 1000.0);
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "p50 %.2f  p95 %.2f  p99 %.2f  max %.2f ms (n=%d)", this.p50,
                this.p95, this.p99, this.max, this.count);
    }
}
