package dev.parley.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the end of every service's log, and what the gateways' and issuer's request threads are doing, when a
 * system test fails. CI keeps only the build's output, and a failure
 * between processes (a stalled page, a refused sign-in) is explained by what the services logged, not by the test.
 * Registered for every test class of this module through the service loader (junit-platform.properties).
 */
public final class ServiceLogsOnFailure implements TestWatcher {

    private static final int LINES = 40;

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Path logs = Path.of(System.getProperty("parley.home", "..")).toAbsolutePath()
                .normalize()
                .resolve("system-tests/target/system-logs");
        latestSystem(logs).ifPresent((directory) -> print(context.getDisplayName(), directory));
        RunningSystem.running().ifPresent((system) -> RequestThreads.print(system,
                "after the failure of " + context.getDisplayName()));
    }

    private static Optional<Path> latestSystem(Path logs) {
        if (!Files.isDirectory(logs)) {
            return Optional.empty();
        }
        try (Stream<Path> systems = Files.list(logs)) {
            return systems.filter(Files::isDirectory).max(Comparator.comparing(ServiceLogsOnFailure::modified));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void print(String test, Path directory) {
        StringBuilder out = new StringBuilder("==== service logs after the failure of " + test + " (" + directory + ")\n");
        try (Stream<Path> files = Files.list(directory)) {
            for (Path log : files.filter(Files::isRegularFile).sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                out.append("---- ").append(log.getFileName()).append(" (last ").append(LINES).append(" lines)\n");
                lines.subList(Math.max(0, lines.size() - LINES), lines.size())
                        .forEach((line) -> out.append(line).append('\n'));
            }
        }
        catch (IOException | UncheckedIOException ex) {
            out.append("(logs not readable: ").append(ex.getMessage()).append(")\n");
        }
        System.out.print(out);
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        }
        catch (IOException ex) {
            return 0;
        }
    }
}
