package dev.parley.load;

import java.util.List;
import java.util.Map;

import dev.parley.load.raw.RawResult;

/**
 * Everything a run measured; written as the JSON result file.
 *
 * @param scenario the scenario's name
 * @param options the options it ran with
 * @param machine cores, memory and load average when it started
 * @param startedAt ISO-8601 start time
 * @param phases the sending phases, in order
 * @param highestHeldRate throughput: the highest step rate that held (0 if none, or another scenario)
 * @param joins join storm: join latencies (send of {@code room.join} → {@code room.joined})
 * @param levels connections: one entry per level
 * @param check the completeness check
 * @param errors errors by kind (error codes, unexpected close codes, tool-side failures)
 * @param raw raw-postgres and raw-kafka: what they measured ({@code null} for the other scenarios)
 * @param seconds the measured phases' deliveries second by second (empty for scenarios without messages)
 */
public record RunResult(String scenario, Map<String, Object> options, Map<String, Object> machine, String startedAt,
        List<PhaseResult> phases, double highestHeldRate, Latency joins, List<LevelResult> levels, CheckResult check,
        Map<String, Long> errors, RawResult raw,
        List<SecondResult> seconds) {

    /** Errors of every kind, in total. */
    public long errorCount() {
        return this.errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** No error and a passed completeness check. */
    public boolean passed() {
        return errorCount() == 0 && this.check.passed();
    }
}
