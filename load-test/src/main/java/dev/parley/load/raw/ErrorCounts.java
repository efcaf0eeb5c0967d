package dev.parley.load.raw;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Failures a raw run counts rather than throws, by kind; safe to count into from any thread. */
final class ErrorCounts {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String kind, long times) {
        if (times > 0) {
            this.counts.computeIfAbsent(kind, (key) -> new LongAdder()).add(times);
        }
    }

    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        this.counts.forEach((kind, count) -> copy.put(kind, count.sum()));
        return copy;
    }
}
