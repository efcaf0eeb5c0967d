package dev.parley.system;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.testsupport.OidcLogin;
import dev.parley.testsupport.ProtocolClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.parley.testsupport.ProtocolClient.text;
import static dev.parley.testsupport.ProtocolClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST service API (docs/api.md) end to end: a backend service with a real client-credentials token from the dev
 * issuer, through a gateway, room-service and chat-service, alongside people on the WebSocket of the other gateway.
 */
class ServiceApiIT {

    private static final String PASSWORD = "correct horse";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static RunningSystem system;

    private static URI api;

    private static String serviceToken;

    private static String readOnlyToken;

    private static String aliceToken;

    @BeforeAll
    static void signIn() {
        system = RunningSystem.get();
        api = system.system().gatewayUris().get(1);
        OidcLogin issuer = new OidcLogin(system.system().issuerUri(), "parley-web",
                URI.create("http://127.0.0.1/test-callback"));
        serviceToken = issuer.clientCredentials("parley-service", "parley-service-secret", "chat.read chat.write");
        readOnlyToken = issuer.clientCredentials("parley-service", "parley-service-secret", "chat.read");
        aliceToken = system.accessToken("alice");
    }

    @Test
    void aServiceCreatesARoomListsItAndReadsItsEmptyHistory() throws Exception {
        String name = "Ops " + suffix();
        HttpResponse<String> created = post("/api/rooms", serviceToken,
                "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode room = JSON.readTree(created.body());
        String roomId = text(room, "id");
        assertThat(text(room, "createdBy")).isEqualTo("parley-service");
        assertThat(created.body()).doesNotContain(PASSWORD).doesNotContain("$2");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/rooms/" + roomId + "/messages");

        HttpResponse<String> list = get("/api/rooms?search=" + URLEncoder.encode(name.toUpperCase(),
                StandardCharsets.UTF_8).replace("+", "%20"), serviceToken);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode page = JSON.readTree(list.body());
        assertThat(StreamSupport.stream(page.get("rooms").spliterator(), false).map(r -> text(r, "id")))
                .containsExactly(roomId);
        assertThat(page.get("next").isNull()).as("no page follows").isTrue();
        assertProblem(get("/api/rooms?limit=101", serviceToken), 400, "INVALID_REQUEST");

        HttpResponse<String> history = get("/api/rooms/" + roomId + "/messages", serviceToken);
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(history.body()).get("messages").size()).isZero();
    }

    @Test
    void aServiceJoinsAUsersRoomPostsLiveToItsMembersAndPagesThroughHistory() throws Exception {
        String name = "Deploys " + suffix();
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0))) {
            alice.signIn(aliceToken);
            String roomId = createRoom(alice, name);

            HttpResponse<String> wrong = post("/api/rooms/join", serviceToken,
                    "{\"name\":\"" + name + "\",\"password\":\"wrong horse\"}");
            assertProblem(wrong, 403, "ROOM_ACCESS_DENIED");
            String messages = "/api/rooms/" + roomId + "/messages";
            assertProblem(post(messages, serviceToken, "{\"clientMsgId\":\"early\",\"text\":\"let me in\"}"), 404,
                    "NOT_A_MEMBER");

            HttpResponse<String> joined = post("/api/rooms/join", serviceToken,
                    "{\"name\":\"" + name.toUpperCase() + "\",\"password\":\"" + PASSWORD + "\"}");
            assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
            assertThat(text(JSON.readTree(joined.body()), "id")).isEqualTo(roomId);

            HttpResponse<String> posted = post(messages, serviceToken,
                    "{\"clientMsgId\":\"deploy-1\",\"text\":\"deploy 1 is live ✅\"}");
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
            JsonNode ack = JSON.readTree(posted.body());
            assertThat(ack.get("seq").asLong()).isEqualTo(1);

            JsonNode live = alice.await(frame -> "message".equals(type(frame)) && roomId.equals(text(frame, "roomId"))
                    && frame.get("seq").asLong() == 1, Duration.ofSeconds(15));
            assertThat(text(live, "senderId")).isEqualTo("parley-service");
            assertThat(text(live, "text")).isEqualTo("deploy 1 is live ✅");

            HttpResponse<String> again = post(messages, serviceToken,
                    "{\"clientMsgId\":\"deploy-1\",\"text\":\"deploy 1 is live ✅\"}");
            assertThat(again.statusCode()).isEqualTo(201);
            assertThat(text(JSON.readTree(again.body()), "id")).as("an idempotent repost").isEqualTo(text(ack, "id"));

            for (int i = 2; i <= 3; i++) {
                alice.send("type", "message.send", "ref", "s" + i, "roomId", roomId, "clientMsgId", "a-" + i, "text",
                        "from alice " + i);
                assertThat(alice.reply("s" + i).get("seq").asLong()).isEqualTo(i);
            }
            JsonNode latest = JSON.readTree(get(messages + "?limit=2", serviceToken).body());
            assertThat(seqs(latest)).containsExactly(2L, 3L);
            assertThat(latest.get("hasMore").asBoolean()).isTrue();
            JsonNode oldest = JSON.readTree(get(messages + "?beforeSeq=2&limit=2", serviceToken).body());
            assertThat(seqs(oldest)).containsExactly(1L);
            assertThat(oldest.get("hasMore").asBoolean()).isFalse();
            assertThat(text(oldest.get("messages").get(0), "senderId")).isEqualTo("parley-service");
        }
    }

    @Test
    void aNonMemberServiceGets404ForAForeignRoomAndAnUnknownOneAlike() throws Exception {
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0))) {
            alice.signIn(aliceToken);
            String roomId = createRoom(alice, "Private " + suffix());
            HttpResponse<String> foreign = get("/api/rooms/" + roomId + "/messages", serviceToken);
            HttpResponse<String> unknown = get("/api/rooms/" + UUID.randomUUID() + "/messages", serviceToken);
            assertProblem(foreign, 404, "NOT_A_MEMBER");
            assertProblem(unknown, 404, "NOT_A_MEMBER");
            assertThat(text(JSON.readTree(foreign.body()), "detail"))
                    .isEqualTo(text(JSON.readTree(unknown.body()), "detail"));
            assertProblem(post("/api/rooms/" + roomId + "/messages", serviceToken,
                    "{\"clientMsgId\":\"x-1\",\"text\":\"secret?\"}"), 404, "NOT_A_MEMBER");
        }
    }

    @Test
    void callsWithoutTheRightTokenAreRefusedWithProblemDetails() throws Exception {
        HttpResponse<String> anonymous = get("/api/rooms", null);
        assertProblem(anonymous, 401, "TOKEN_INVALID");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer"));

        HttpResponse<String> forged = get("/api/rooms", serviceToken.substring(0, serviceToken.length() - 4) + "AAAA");
        assertProblem(forged, 401, "TOKEN_INVALID");

        HttpResponse<String> user = get("/api/rooms", aliceToken);
        assertProblem(user, 403, "FORBIDDEN");
        assertThat(user.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("insufficient_scope"));

        assertThat(get("/api/rooms", readOnlyToken).statusCode()).isEqualTo(200);
        assertProblem(post("/api/rooms", readOnlyToken,
                "{\"name\":\"Read only " + suffix() + "\",\"password\":\"" + PASSWORD + "\"}"), 403, "FORBIDDEN");
    }

    @Test
    void badInputGetsItsDocumentedProblem() throws Exception {
        assertProblem(post("/api/rooms", serviceToken, "{\"name\":\"Short " + suffix() + "\",\"password\":\"short\"}"),
                400, "INVALID_PASSWORD");
        assertProblem(post("/api/rooms", serviceToken, "{\"name\":\"   \",\"password\":\"" + PASSWORD + "\"}"), 400,
                "INVALID_ROOM_NAME");
        String name = "Taken " + suffix();
        assertThat(post("/api/rooms", serviceToken, "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}")
                .statusCode()).isEqualTo(201);
        assertProblem(post("/api/rooms", serviceToken,
                "{\"name\":\"" + name.toLowerCase() + "\",\"password\":\"" + PASSWORD + "\"}"), 409, "ROOM_NAME_TAKEN");
        HttpResponse<String> garbage = post("/api/rooms", serviceToken, "{\"name\": [oops");
        assertProblem(garbage, 400, "BAD_FRAME");
        assertThat(garbage.body()).doesNotContain("jackson").doesNotContain("Exception");

        HttpResponse<String> room = post("/api/rooms", serviceToken,
                "{\"name\":\"Input " + suffix() + "\",\"password\":\"" + PASSWORD + "\"}");
        String messages = room.headers().firstValue("Location").orElseThrow();
        assertProblem(post(messages, serviceToken, "{\"clientMsgId\":\"w-1\",\"text\":\" \\n \"}"), 400,
                "INVALID_MESSAGE");
        assertProblem(post(messages, serviceToken, "{\"clientMsgId\":\"no spaces allowed\",\"text\":\"hi\"}"), 400,
                "INVALID_REQUEST");
        assertProblem(get(messages + "?limit=1000", serviceToken), 400, "INVALID_REQUEST");
        assertProblem(get("/api/rooms/not-a-room/messages", serviceToken), 400, "BAD_FRAME");
        assertThat(JSON.readTree(get(messages, serviceToken).body()).get("messages").size()).as("nothing stored")
                .isZero();
    }

    @Test
    void everyGatewayServesTheOpenApiDocumentWithoutAToken() throws Exception {
        for (URI gateway : system.system().gatewayUris()) {
            HttpResponse<String> document = HTTP.send(
                    HttpRequest.newBuilder(gateway.resolve("/api/openapi.yaml")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(document.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/yaml"));
            assertThat(document.body()).startsWith("openapi: 3.1.0").contains("/api/rooms/{roomId}/messages")
                    .contains("clientCredentials");
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(text(problem, "code")).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(text(problem, "type")).isEqualTo("urn:parley:problem:" + code.toLowerCase().replace('_', '-'));
        assertThat(problem.get("detail").isString()).isTrue();
        assertThat(problem.get("retryable").isBoolean()).isTrue();
    }

    private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return HTTP.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String token, String json)
            throws IOException, InterruptedException {
        return HTTP.send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(15));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private static String createRoom(ProtocolClient client, String name) {
        String ref = "create-" + suffix();
        client.send("type", "room.create", "ref", ref, "name", name, "password", PASSWORD);
        JsonNode joined = client.reply(ref);
        assertThat(type(joined)).as(joined.toString()).isEqualTo("room.joined");
        String roomId = text(joined.get("room"), "id");
        String enter = "enter-" + suffix();
        client.send("type", "room.enter", "ref", enter, "roomId", roomId);
        assertThat(type(client.reply(enter))).isEqualTo("room.entered");
        return roomId;
    }

    private static List<Long> seqs(JsonNode page) {
        return StreamSupport.stream(page.get("messages").spliterator(), false).map(m -> m.get("seq").asLong())
                .toList();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
