package dev.parley.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny shell process that outlives this JVM only to stop its children: if the launcher is SIGKILLed its shutdown
 * hook never runs, so the watchdog notices the launcher is gone and sends SIGTERM (then SIGKILL) to the pids last
 * written to a file. Where there is no /bin/sh the watchdog is skipped and only the shutdown hook remains.
 */
final class ChildWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChildWatchdog.class);

    static final String SCRIPT = "while kill -0 \"$0\" 2>/dev/null; do sleep 1; done; "
            + "[ -s \"$1\" ] && kill -TERM $(cat \"$1\") 2>/dev/null; sleep 10; "
            + "[ -s \"$1\" ] && kill -KILL $(cat \"$1\") 2>/dev/null; rm -f \"$1\"";

    private final Path pidFile;

    private final Process process;

    private ChildWatchdog(Path pidFile, Process process) {
        this.pidFile = pidFile;
        this.process = process;
    }

    /** Starts a watchdog for this JVM, or returns one that does nothing if no shell is available. */
    static ChildWatchdog start(Path directory) {
        Path shell = Path.of("/bin/sh");
        if (!Files.isExecutable(shell)) {
            return new ChildWatchdog(null, null);
        }
        try {
            // NOTE: a unique file, because several systems (one per test class) may share a log directory.
            Path pidFile = Files.createTempFile(directory, "children-", ".pids");
            Process process = new ProcessBuilder(shell.toString(), "-c", SCRIPT,
                    Long.toString(ProcessHandle.current().pid()), pidFile.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            return new ChildWatchdog(pidFile, process);
        }
        catch (IOException e) {
            log.warn("No watchdog for child processes ({}); they rely on the shutdown hook alone", e.getMessage());
            return new ChildWatchdog(null, null);
        }
    }

    /** Records the pids the watchdog must stop if this JVM dies without cleaning up. */
    synchronized void watch(Collection<Long> pids) {
        if (pidFile == null) {
            return;
        }
        try {
            Files.writeString(pidFile, pids.stream().map(String::valueOf).collect(Collectors.joining(" ")));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + pidFile, e);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
        }
        if (pidFile == null) {
            return;
        }
        try {
            Files.deleteIfExists(pidFile);
        }
        catch (IOException e) {
            log.warn("Could not delete {}", pidFile, e);
        }
    }
}
