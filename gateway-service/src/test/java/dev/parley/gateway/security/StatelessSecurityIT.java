package dev.parley.gateway.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's HTTP security keeps no session, so a request stays on the Netty event loop through the security
 * chain. A session lookup moved requests onto Reactor's parallel scheduler, where the WebSocket upgrade raced with
 * the channel and some connections died at once (close 1006).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parley.gateway.token.issuer=http://localhost:9",
        "parley.gateway.token.jwk-set-uri=http://127.0.0.1:9/oauth2/jwks",
        "parley.gateway.backend.room-service=tcp://127.0.0.1:9",
        "parley.gateway.backend.chat-service=tcp://127.0.0.1:9" })
@Import(StatelessSecurityIT.ThreadProbe.class)
class StatelessSecurityIT {

    static final List<String> threads = new CopyOnWriteArrayList<>();

    @LocalServerPort
    int port;

    @Test
    void requestsPassTheSecurityChainOnTheEventLoopWithoutASession() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/config.json", "/ws", "/actuator/health")) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("Set-Cookie")).as(path).isEmpty();
        }
        // Netty event loops are named "...http-epoll-N" (or -nio-); Reactor's schedulers "parallel-N", "boundedElastic-N".
        assertThat(threads).hasSize(3).allSatisfy(thread -> assertThat(thread).contains("http-")
                .doesNotContain("parallel").doesNotContain("boundedElastic"));
    }

    @TestConfiguration
    static class ThreadProbe {

        /** After the security chain (order -100): records the thread each request arrives on. */
        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE)
        WebFilter threadProbe() {
            return (exchange, chain) -> {
                threads.add(Thread.currentThread().getName());
                return chain.filter(exchange);
            };
        }
    }
}
