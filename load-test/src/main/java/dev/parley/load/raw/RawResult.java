package dev.parley.load.raw;

import java.util.List;
import java.util.Map;

/** What a raw scenario measured: printed as a table, written into the JSON result. */
public sealed interface RawResult permits PostgresLimits, KafkaLimits {

    /** The figures as lines of a table, for the console. */
    List<String> table();

    /** Failures counted rather than thrown, by kind; none by default. */
    default Map<String, Long> errors() {
        return Map.of();
    }
}
