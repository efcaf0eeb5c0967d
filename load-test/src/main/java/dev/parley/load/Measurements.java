package dev.parley.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run counts and times, safe to record into from every event loop at once: latencies go to HdrHistogram
 * recorders in microseconds and are read per phase as interval histograms.
 */
final class Measurements {

    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder delivery = new Recorder(SIGNIFICANT_DIGITS);

    private final Recorder ack = new Recorder(SIGNIFICANT_DIGITS);

    private final Recorder join = new Recorder(SIGNIFICANT_DIGITS);

    /** Deliveries by the epoch second they arrived in: where in the run the tail happened. */
    private final ConcurrentSkipListMap<Long, Recorder> deliveriesBySecond = new ConcurrentSkipListMap<>();

    final LongAdder sent = new LongAdder();

    final LongAdder acked = new LongAdder();

    final LongAdder delivered = new LongAdder();

    /** Sends not made because too many were unacknowledged (the system fell behind the schedule). */
    final LongAdder skipped = new LongAdder();

    /** Connections that needed another attempt to open and sign in during setup (not errors of the run). */
    final LongAdder setupRetries = new LongAdder();

    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    void delivery(long nanos) {
        long micros = micros(nanos);
        this.delivery.recordValue(micros);
        this.deliveriesBySecond.computeIfAbsent(System.currentTimeMillis() / 1000,
                (second) -> new Recorder(SIGNIFICANT_DIGITS)).recordValue(micros);
    }

    void ack(long nanos) {
        this.ack.recordValue(micros(nanos));
    }

    void join(long nanos) {
        this.join.recordValue(micros(nanos));
    }

    void error(String kind) {
        this.errors.computeIfAbsent(kind, (key) -> new LongAdder()).increment();
    }

    Map<String, Long> errors() {
        Map<String, Long> copy = new TreeMap<>();
        this.errors.forEach((kind, count) -> copy.put(kind, count.sum()));
        return copy;
    }

    long errorCount() {
        return this.errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Delivery latencies recorded since the last call. */
    Histogram takeDeliveries() {
        return take(this.delivery);
    }

    /** The deliveries of every second since the last call, in order of time. */
    List<SecondResult> takeSeconds() {
        List<SecondResult> seconds = new ArrayList<>();
        while (!this.deliveriesBySecond.isEmpty()) {
            Map.Entry<Long, Recorder> second = this.deliveriesBySecond.pollFirstEntry();
            seconds.add(new SecondResult(Instant.ofEpochSecond(second.getKey()).toString(),
                    Latency.of(take(second.getValue()))));
        }
        return seconds;
    }

    /** Acknowledgement latencies recorded since the last call. */
    Histogram takeAcks() {
        return take(this.ack);
    }

    /** Join latencies recorded since the last call. */
    Histogram takeJoins() {
        return take(this.join);
    }

    private static Histogram take(Recorder recorder) {
        Histogram interval = new Histogram(SIGNIFICANT_DIGITS);
        recorder.getIntervalHistogramInto(interval);
        return interval;
    }

    private static long micros(long nanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
    }
}
