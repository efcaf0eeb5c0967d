package dev.parley.gateway.socket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.parley.testsupport.ProtocolClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An issuer that accepts connections and never answers (a hung identity provider, a black-holing proxy): a sign-in
 * that needs its keys must end with the retryable AUTH_UNAVAILABLE after the key-fetch timeout — not hang until the
 * auth deadline tells the client it was too slow.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parley.gateway.token.issuer=http://localhost:9",
        "parley.gateway.token.key-fetch-timeout=2s",
        "parley.gateway.backend.room-service=tcp://127.0.0.1:9",
        "parley.gateway.backend.chat-service=tcp://127.0.0.1:9",
        "parley.gateway.socket.auth-timeout=3s" })
class SilentIssuerIT {

    /** Never accepted: the kernel completes the TCP handshake and the request goes unanswered. */
    private static final ServerSocket SILENT = silentSocket();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void silentIssuer(DynamicPropertyRegistry registry) {
        registry.add("parley.gateway.token.jwk-set-uri",
                () -> "http://127.0.0.1:" + SILENT.getLocalPort() + "/oauth2/jwks");
    }

    @AfterAll
    static void closeSilentIssuer() throws IOException {
        SILENT.close();
    }

    @Test
    void aSignInWaitingOnAHungIssuerEndsWithAuthUnavailableNotAnAuthTimeout() {
        try (ProtocolClient client = ProtocolClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"))) {
            client.send("type", "auth", "ref", "a", "token", GatewayEdgeIT.jwtShapedToken());
            // The auth deadline (3 s) passes while the keys are awaited (2 s, then slow machines add to it): the
            // answer must still be about the issuer, not about the client.
            JsonNode answer = client.reply("a");
            assertThat(answer.get("code").asString()).isEqualTo("AUTH_UNAVAILABLE");
            assertThat(answer.get("retryable").asBoolean()).isTrue();
            assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(4002);
            assertThat(client.received()).noneMatch(frame -> "UNAUTHENTICATED".equals(ProtocolClient.text(frame,
                    "code")));
        }
    }

    private static ServerSocket silentSocket() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
