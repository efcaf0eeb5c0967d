package dev.parley.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.parley.load.raw.RawInserts;
import dev.parley.load.raw.RawKafkaRoundTrip;
import dev.parley.load.raw.RawResult;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parley's load tool: {@code java -jar load-test/target/load-test-exec.jar --scenario=latency ...} runs one
 * scenario of docs/benchmarks.md against a running system (the raw ones against PostgreSQL or Kafka alone), prints a
 * summary, writes the JSON result and exits with 0 only if there was no error and the completeness check passed.
 * {@link #run} is the same as an API.
 */
public final class LoadTool {

    private LoadTool() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(LoadOptions.HELP);
            return;
        }
        if (args.length == 1 && args[0].startsWith("--issuer-users=")) {
            System.out.println(LoadOptions.issuerUsersJson(Integer.parseInt(args[0].substring(15).strip())));
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            System.err.print(LoadOptions.HELP);
            System.exit(2);
            return;
        }
        RunResult result;
        try {
            result = run(options, Progress.CONSOLE);
        }
        catch (RuntimeException ex) {
            System.err.println("run failed: " + Bounded.message(ex));
            System.exit(1);
            return;
        }
        printSummary(result, Progress.CONSOLE);
        Path written = write(result, options.output());
        Progress.CONSOLE.say("result written to %s", written.toAbsolutePath());
        // NOTE: exit explicitly: Netty's event-loop threads would otherwise keep the JVM alive for a while.
        System.exit(result.passed() ? 0 : 1);
    }

    /** Runs the scenario {@code options} name and returns what it measured. */
    public static RunResult run(LoadOptions options, Progress progress) {
        Map<String, Object> machine = machine();
        String startedAt = Instant.now().toString();
        if (options.scenario().raw()) {
            RawResult raw = (options.scenario() == Scenario.RAW_POSTGRES) ? RawInserts.run(options.postgres(), progress)
                    : RawKafkaRoundTrip.run(options.kafka(), progress);
            return new RunResult(options.scenario().id(), options.describe(), machine, startedAt, List.of(), 0,
                    Latency.NONE, List.of(), CheckResult.NOT_RUN, raw.errors(), raw, List.of());
        }
        Measurements measurements = new Measurements();
        int needed = switch (options.scenario()) {
            case CONNECTIONS -> options.levels().get(options.levels().size() - 1);
            case JOINSTORM -> Math.max(options.connections(), options.stormUsers());
            default -> options.connections();
        };
        progress.say("%s: signing in %d user(s) at %s", options.scenario().id(), Math.min(needed, options.users().size()),
                options.issuer());
        SignIns signIns = SignIns.signIn(options.issuer(), options.users(), needed);
        if (options.scenario() == Scenario.CONNECTIONS) {
            List<LevelResult> levels = IdleConnections.run(options, signIns, measurements, progress);
            return new RunResult(options.scenario().id(), options.describe(), machine, startedAt, List.of(), 0,
                    Latency.NONE, levels, CheckResult.NOT_RUN, measurements.errors(), null,
                    List.of());
        }
        List<PhaseResult> phases = new ArrayList<>();
        double held = 0;
        Latency joins = Latency.NONE;
        CheckResult check;
        try (ChatLoad load = ChatLoad.start(options, signIns, measurements, progress)) {
            double firstRate = options.scenario() == Scenario.THROUGHPUT ? options.startRate() : options.rate();
            if (!options.warmup().isZero()) {
                progress.say("warming up: %.0f messages/s for %s (not measured)", firstRate, options.warmup());
                load.warmUp(firstRate, options.warmup(), options.drain());
            }
            switch (options.scenario()) {
                case THROUGHPUT -> held = rampUp(options, load, phases, progress);
                case JOINSTORM -> joins = withStorm(options, signIns, load, phases, progress);
                default -> phases.add(report(progress,
                        load.phase("steady", options.rate(), options.duration(), () -> { })));
            }
            progress.say("sending done; waiting up to %s for the last acknowledgements and deliveries",
                    options.drain());
            if (!load.drain(options.drain())) {
                progress.line("not everything arrived in time; the check will say what is missing");
            }
            progress.line("checking history and deliveries");
            check = load.check();
            phases.add(report(progress, load.total(phases)));
            if (measurements.setupRetries.sum() > 0) {
                progress.say("note: %d connection(s) needed another attempt to sign in during setup",
                        measurements.setupRetries.sum());
            }
        }
        return new RunResult(options.scenario().id(), options.describe(), machine, startedAt, phases, held, joins,
                List.of(), check, measurements.errors(), null, measurements.takeSeconds());
    }

    /** Scenario (b): steps of rising rate until one does not hold; returns the highest rate that held. */
    private static double rampUp(LoadOptions options, ChatLoad load, List<PhaseResult> phases, Progress progress) {
        double held = 0;
        int step = 1;
        for (double rate = options.startRate(); rate <= options.maxRate(); rate += options.rateStep()) {
            PhaseResult result = report(progress, load.phase("step " + step++, rate, options.stepDuration(), () -> { }));
            phases.add(result);
            // NOTE: "fell behind": more than a second of deliveries still owed, or sends skipped because
            // acknowledgements did not keep up; either means the system did not sustain the rate.
            boolean behind = result.backlog() > rate * options.members() || result.skipped() > 0;
            if (result.delivery().p99() > options.p99LimitMillis() || behind || result.errors() > 0) {
                progress.say("rate %.0f/s did not hold (p99 %.1f ms, backlog %d, skipped %d, errors %d)", rate,
                        result.delivery().p99(), result.backlog(), result.skipped(), result.errors());
                break;
            }
            held = rate;
            if (options.rateStep() == 0) {
                break;
            }
        }
        progress.say("highest rate that held: %.0f messages/s", held);
        return held;
    }

    /** Scenario (e): a third of the run before, the storm at the start of the second third, then the rest. */
    private static Latency withStorm(LoadOptions options, SignIns signIns, ChatLoad load, List<PhaseResult> phases,
            Progress progress) {
        try (JoinStorm storm = JoinStorm.prepare(options, signIns, load.measurements, progress)) {
            Duration third = options.duration().dividedBy(3);
            phases.add(report(progress, load.phase("before", options.rate(), third, () -> { })));
            java.util.concurrent.CompletableFuture<?>[] joined = new java.util.concurrent.CompletableFuture<?>[1];
            phases.add(report(progress, load.phase("storm", options.rate(), third, () -> joined[0] = storm.fire())));
            phases.add(report(progress,
                    load.phase("after", options.rate(), options.duration().minus(third).minus(third), () -> { })));
            joined[0].join();
            Latency joins = Latency.of(load.measurements.takeJoins());
            progress.say("joins: %s", joins);
            return joins;
        }
    }

    private static PhaseResult report(Progress progress, PhaseResult phase) {
        progress.line(phase.toString());
        return phase;
    }

    /** Prints what the run measured and whether it passed. */
    public static void printSummary(RunResult result, Progress progress) {
        progress.say("==== %s: %s ====", result.scenario(), result.passed() ? "PASSED" : "FAILED");
        progress.say("machine: %s", result.machine());
        result.phases().forEach((phase) -> progress.line(phase.toString()));
        if (result.scenario().equals(Scenario.THROUGHPUT.id())) {
            progress.say("highest rate that held: %.0f messages/s", result.highestHeldRate());
        }
        if (result.joins().count() > 0) {
            progress.say("joins: %s", result.joins());
        }
        result.levels().forEach((level) -> progress.line(level.toString()));
        if (!result.seconds().isEmpty()) {
            progress.line("deliveries second by second (by arrival, UTC):");
            result.seconds().forEach((second) -> progress.line("  " + second));
        }
        if (result.raw() != null) {
            result.raw().table().forEach(progress::line);
        }
        CheckResult check = result.check();
        if (check == CheckResult.NOT_RUN) {
            progress.say("errors: %d %s", result.errorCount(), result.errors());
            return;
        }
        progress.say("check: %s — %d messages stored, %d deliveries, %d problem(s)", check.passed() ? "passed"
                : "FAILED", check.messages(), check.deliveries(), check.problemCount());
        check.problems().forEach((problem) -> progress.line("  " + problem));
        progress.say("errors: %d %s", result.errorCount(), result.errors());
    }

    static Path write(RunResult result, Path output) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("passed", result.passed());
        document.put("errorCount", result.errorCount());
        document.put("result", result);
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(output, document);
            return output;
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot write " + output, ex);
        }
    }

    /** Cores, memory and load average, so that a figure is never read without the machine it came from. */
    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        machine.put("memTotal", procLine("/proc/meminfo", "MemTotal:"));
        machine.put("memAvailable", procLine("/proc/meminfo", "MemAvailable:"));
        machine.put("java", System.getProperty("java.version"));
        return machine;
    }

    private static String procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)
                .stream()
                .filter((line) -> line.startsWith(prefix))
                .map((line) -> line.substring(prefix.length()).strip())
                .findFirst()
                .orElse("unknown");
        }
        catch (IOException ex) {
            return "unknown";
        }
    }
}
