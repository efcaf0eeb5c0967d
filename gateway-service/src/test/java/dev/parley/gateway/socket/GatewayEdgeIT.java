package dev.parley.gateway.socket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.parley.testsupport.ProtocolClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's edge on a real server, with the issuer and the backends unreachable: everything that must be refused
 * or answered before any backend is involved.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parley.gateway.token.issuer=http://localhost:9",
        "parley.gateway.token.jwk-set-uri=http://127.0.0.1:9/oauth2/jwks",
        "parley.gateway.backend.room-service=tcp://127.0.0.1:9",
        "parley.gateway.backend.chat-service=tcp://127.0.0.1:9",
        "parley.gateway.socket.auth-timeout=5s",
        "parley.gateway.socket.max-frame-bytes=4096",
        "parley.gateway.socket.frames-per-second=5",
        "parley.gateway.socket.frame-burst=10",
        "parley.gateway.socket.ping-interval=300ms" })
class GatewayEdgeIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Test
    void framesBeforeSignInAreRefusedAndTheConnectionStaysOpen() {
        try (ProtocolClient client = connect()) {
            client.send("type", "room.create", "ref", "c1", "name", "General", "password", "secret-password");
            assertError(client.reply("c1"), "UNAUTHENTICATED");
            client.send("type", "ping", "ref", "p1");
            assertError(client.reply("p1"), "UNAUTHENTICATED");
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void unreadableFramesGetBadFrameWithASafeReason() {
        try (ProtocolClient client = connect()) {
            client.sendRaw("not json at all");
            assertThat(client.awaitType("error").get("message").asString()).isEqualTo("the frame is not valid JSON");
            client.sendRaw("{\"type\":\"teleport\",\"ref\":\"t\"}");
            assertThat(client.awaitType("error").get("message").asString()).isEqualTo("unknown frame type");
            client.sendRaw("{\"ref\":\"x\"}");
            assertThat(client.awaitType("error").get("message").asString()).isEqualTo("the frame has no type");
            client.sendRaw("{\"type\":\"room.enter\",\"roomId\":{\"a\":1}}");
            assertThat(client.awaitType("error").get("message").asString())
                    .isEqualTo("field 'roomId' has the wrong type");
            client.sendRaw("[1,2]");
            assertThat(client.awaitType("error").get("code").asString()).isEqualTo("BAD_FRAME");
            assertThat(client.received()).allSatisfy(frame -> assertThat(frame.toString())
                    .doesNotContain("Exception").doesNotContain("tools.jackson"));
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void aGarbageTokenIsRefusedAndTheConnectionClosedWith4501() {
        try (ProtocolClient client = connect()) {
            assertError(client.signIn("not-a-jwt"), "TOKEN_INVALID");
            assertThat(client.awaitClose(WAIT)).isEqualTo(4501);
        }
    }

    @Test
    void aMissingTokenIsRefusedAndTheConnectionClosedWith4501() {
        try (ProtocolClient client = connect()) {
            client.send("type", "auth", "ref", "a");
            assertError(client.reply("a"), "TOKEN_INVALID");
            assertThat(client.awaitClose(WAIT)).isEqualTo(4501);
        }
    }

    @Test
    void aTokenThatCannotBeCheckedBecauseTheIssuerIsDownClosesWith4002() {
        try (ProtocolClient client = connect()) {
            JsonNode error = client.signIn(jwtShapedToken());
            assertError(error, "AUTH_UNAVAILABLE");
            assertThat(error.get("retryable").asBoolean()).isTrue();
            assertThat(client.awaitClose(WAIT)).isEqualTo(4002);
        }
    }

    @Test
    void aConnectionThatDoesNotSignInInTimeIsClosedWith4502() {
        try (ProtocolClient client = connect()) {
            assertError(client.awaitType("error"), "UNAUTHENTICATED");
            assertThat(client.awaitClose(WAIT)).isEqualTo(4502);
        }
    }

    @Test
    void anOversizedFrameClosesTheConnectionWith1009() {
        try (ProtocolClient client = connect()) {
            client.sendRaw("{\"type\":\"ping\",\"ref\":\"" + "x".repeat(5000) + "\"}");
            assertThat(client.awaitClose(WAIT)).isEqualTo(1009);
        }
    }

    @Test
    void anOversizedMessageSentAsFragmentsClosesTheConnectionWith1009() {
        // Each fragment is within the limit; together they are over it.
        FragmentedSocket socket = new FragmentedSocket(URI.create("ws://127.0.0.1:" + port + "/ws"));
        socket.send("{\"type\":\"ping\",\"ref\":\"" + "x".repeat(2000), "x".repeat(2000), "x".repeat(2000) + "\"}");
        assertThat(socket.closed.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join()).isEqualTo(1009);
    }

    @Test
    void everyConnectionIsPingedSoThatProxiesKeepItOpen() {
        FragmentedSocket socket = new FragmentedSocket(URI.create("ws://127.0.0.1:" + port + "/ws"));
        assertThat(socket.pinged).succeedsWithin(WAIT);
        socket.abort();
    }

    @Test
    void aMessageSentAsFragmentsWithinTheLimitIsReadAsOneFrame() {
        FragmentedSocket socket = new FragmentedSocket(URI.create("ws://127.0.0.1:" + port + "/ws"));
        socket.send("{\"type\":\"ping\",", "\"ref\":\"" + "x".repeat(1000), "x".repeat(1000) + "\"}");
        assertThat(socket.texts.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join())
                .contains("UNAUTHENTICATED").contains("x".repeat(2000));
        socket.abort();
    }

    @Test
    void aFloodOfFramesIsRefusedWithRateLimitedAndTheConnectionSurvives() throws InterruptedException {
        try (ProtocolClient client = connect()) {
            for (int i = 0; i < 30; i++) {
                client.send("type", "ping", "ref", "flood-" + i);
            }
            JsonNode limited = client.await(frame -> "RATE_LIMITED".equals(frame.path("code").asString()), WAIT);
            assertThat(limited.get("retryable").asBoolean()).isTrue();
            Thread.sleep(1_000);
            client.send("type", "ping", "ref", "after");
            assertError(client.reply("after"), "UNAUTHENTICATED");
            assertThat(client.received().stream().filter(f -> "RATE_LIMITED".equals(f.path("code").asString())).count())
                    .isBetween(15L, 20L);
        }
    }

    @Test
    void restCallsWithoutATokenGet401WithABearerChallenge() throws Exception {
        HttpResponse<String> response = get("/api/rooms", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer"));
    }

    @Test
    void restCallsGet503NotA500WhileTheIssuerIsUnreachable() throws Exception {
        HttpResponse<String> response = get("/api/rooms", jwtShapedToken());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void healthIsOpenForProbes() throws Exception {
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    private ProtocolClient connect() {
        return ProtocolClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(JsonNode frame, String code) {
        assertThat(frame.get("type").asString()).isEqualTo("error");
        assertThat(frame.get("code").asString()).isEqualTo(code);
    }

    /** A raw WebSocket that sends one message as several fragments, which {@link ProtocolClient} cannot. */
    private static final class FragmentedSocket implements WebSocket.Listener {

        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        /** The first WebSocket ping from the server. */
        final CompletableFuture<Void> pinged = new CompletableFuture<>();

        /** The first whole text message received. */
        final CompletableFuture<String> texts = new CompletableFuture<>();

        private final StringBuilder partial = new StringBuilder();

        private final WebSocket socket;

        FragmentedSocket(URI uri) {
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this)
                    .orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        }

        void send(String... fragments) {
            for (int i = 0; i < fragments.length; i++) {
                socket.sendText(fragments[i], i == fragments.length - 1).orTimeout(WAIT.toMillis(),
                        TimeUnit.MILLISECONDS).join();
            }
        }

        void abort() {
            socket.abort();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.complete(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pinged.complete(null);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }

    /** Well-formed, so the gateway has to fetch the issuer's keys to judge it. */
    static String jwtShapedToken() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString(
                "{\"sub\":\"mallory\",\"iss\":\"http://localhost:9\",\"aud\":\"parley\",\"exp\":4102444800}"
                        .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + base64.encodeToString(new byte[256]);
    }
}
