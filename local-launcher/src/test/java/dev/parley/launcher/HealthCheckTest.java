package dev.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckTest {

    @TempDir
    Path directory;

    @Test
    void awaitWhenNothingAnswersTimesOutWithTheLast40LinesOfTheLog() throws IOException {
        Path log = logWithLines(100);
        URI nobody = URI.create("http://127.0.0.1:" + PortPlan.freePort() + "/actuator/health/readiness");

        assertThatIllegalStateException()
            .isThrownBy(() -> new HealthCheck().awaitHealthy("chat-service-1", List.of(nobody), Duration.ofMillis(600),
                    () -> true, log))
            .withMessageStartingWith("chat-service-1 was not healthy after 0 s")
            .withMessageContaining("line 61")
            .withMessageContaining("line 100")
            .withMessageNotContaining("line 60" + System.lineSeparator());
    }

    @Test
    void awaitWhenTheProcessExitsFailsAtOnceSayingSo() throws IOException {
        Path log = logWithLines(3);
        URI nobody = URI.create("http://127.0.0.1:" + PortPlan.freePort() + "/");
        long started = System.nanoTime();

        assertThatIllegalStateException()
            .isThrownBy(() -> new HealthCheck().awaitHealthy("gateway-1", List.of(nobody), Duration.ofSeconds(30),
                    () -> false, log))
            .withMessageStartingWith("gateway-1 exited before it became healthy")
            .withMessageContaining("line 3");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void awaitWhenTheFallbackEndpointAnswers200Returns() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/health", exchange -> {
            int status = exchange.getRequestURI().getPath().endsWith("/readiness") ? 404 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            new HealthCheck().awaitHealthy("room-service-1",
                    List.of(URI.create(base + "/actuator/health/readiness"), URI.create(base + "/actuator/health")),
                    Duration.ofSeconds(10), () -> true, logWithLines(1));
        }
        finally {
            server.stop(0);
        }
    }

    @Test
    void failureWhenTheLogIsMissingSaysSo() {
        assertThat(HealthCheck.failure("dev-issuer exited", directory.resolve("none.log")))
            .contains("(no log at " + directory.resolve("none.log") + ")");
    }

    private Path logWithLines(int count) throws IOException {
        Path log = directory.resolve("service.log");
        Files.writeString(log, IntStream.rangeClosed(1, count).mapToObj(i -> "line " + i)
            .collect(Collectors.joining(System.lineSeparator())) + System.lineSeparator());
        return log;
    }
}
