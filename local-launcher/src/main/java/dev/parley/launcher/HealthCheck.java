package dev.parley.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Polls a process's HTTP endpoints until one answers 200, the process dies, or time runs out. */
final class HealthCheck {

    static final int LOG_LINES_ON_FAILURE = 40;

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Returns once any of {@code uris} answers 200.
     * @throws IllegalStateException naming the process and showing the end of its log, if it exits or times out
     */
    void awaitHealthy(String name, List<URI> uris, Duration timeout, BooleanSupplier alive, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (uris.stream().anyMatch(this::answersOk)) {
                return;
            }
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(failure(name + " exited before it became healthy", log));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(failure(name + " was not healthy after " + timeout.toSeconds()
                        + " s (polled " + uris + ")", log));
            }
            sleep(POLL_INTERVAL);
        }
    }

    static String failure(String headline, Path log) {
        return headline + "; last " + LOG_LINES_ON_FAILURE + " lines of " + log + ":" + System.lineSeparator()
                + LogTail.lastLines(log, LOG_LINES_ON_FAILURE);
    }

    private boolean answersOk(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + uri, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a process to become healthy", e);
        }
    }
}
