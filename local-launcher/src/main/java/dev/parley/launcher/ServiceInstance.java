package dev.parley.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child JVM of the system ("dev-issuer", "room-service-1", "chat-service-2", "gateway-1"...). It can be killed,
 * stopped and started again on the same ports, so that tests can exercise failures.
 */
public final class ServiceInstance {

    private static final Logger log = LoggerFactory.getLogger(ServiceInstance.class);

    private final String name;

    private final List<String> command;

    private final Map<String, String> environment;

    private final int httpPort;

    private final List<URI> healthUris;

    private final Path logFile;

    private final Timeouts timeouts;

    /** Told the pid of each started process (and null when it is gone), for the watchdog. */
    private final BiConsumer<String, Long> pidListener;

    private Process process;

    private boolean stopping;

    ServiceInstance(String name, List<String> command, Map<String, String> environment, int httpPort,
            List<URI> healthUris, Path logFile, Timeouts timeouts, BiConsumer<String, Long> pidListener) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.httpPort = httpPort;
        this.healthUris = List.copyOf(healthUris);
        this.logFile = logFile;
        this.timeouts = timeouts;
        this.pidListener = pidListener;
    }

    /** Start and stop timeouts shared by all instances of a system. */
    record Timeouts(Duration start, Duration stop) {
    }

    public String name() {
        return name;
    }

    /** The port its HTTP endpoints (health; for the gateway and issuer, everything) listen on. */
    public int httpPort() {
        return httpPort;
    }

    /** Where its standard output and error go; restarts append to the same file. */
    public Path logFile() {
        return logFile;
    }

    /** The environment variables the launcher sets for this process (on top of the launcher's own). */
    public Map<String, String> environment() {
        return environment;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The operating-system pid of the running process, if it runs. */
    public synchronized Optional<Long> pid() {
        return isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    /** Starts the process (again, on the same ports) and returns once it is healthy. */
    public void start() {
        Process started = launch();
        awaitHealthy(started);
    }

    /** SIGTERM, so that Spring shuts down gracefully; SIGKILL if it is still running after the stop timeout. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        stopping = true;
        process.destroy();
        waitOrKill(process, timeouts.stop());
        process = null;
        pidListener.accept(name, null);
    }

    /** SIGKILL, no cleanup: a crash as far as the rest of the system can tell. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        stopping = true;
        process.destroyForcibly();
        waitOrKill(process, timeouts.stop());
        process = null;
        pidListener.accept(name, null);
    }

    /** Starts the process without waiting for it; pair with {@link #awaitHealthy(Process)}. */
    synchronized Process launch() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.writeString(logFile, "---- parley launcher: starting " + name + " at " + Instant.now() + " ----"
                    + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Process started = builder.start();
            process = started;
            stopping = false;
            started.onExit().thenAccept(this::reportUnexpectedExit);
            log.info("Started {} (pid {}), logging to {}", name, started.pid(), logFile);
            pidListener.accept(name, started.pid());
            return started;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + " with " + command, e);
        }
    }

    void awaitHealthy(Process started) {
        new HealthCheck().awaitHealthy(name, healthUris, timeouts.start(), started::isAlive, logFile);
        log.info("{} is healthy on port {}", name, httpPort);
    }

    /** Sends SIGTERM without waiting, so that a whole system can stop in parallel. */
    synchronized void requestStop() {
        if (process != null) {
            stopping = true;
            process.destroy();
        }
    }

    private synchronized void reportUnexpectedExit(Process exited) {
        if (!stopping && exited == process) {
            log.warn("{} exited unexpectedly with code {}; see {}", name, exited.exitValue(), logFile);
        }
    }

    private void waitOrKill(Process target, Duration timeout) {
        try {
            if (!target.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not stop within {} s; killing it", name, timeout.toSeconds());
                target.destroyForcibly();
                target.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            target.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return name + " (http port " + httpPort + ")";
    }
}
