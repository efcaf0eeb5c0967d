package dev.parley.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.parley.gateway.backend.CallerToken;
import dev.parley.gateway.backend.MessageBackend;
import dev.parley.gateway.backend.RoomBackend;
import dev.parley.model.ChatMessage;
import dev.parley.model.CreateRoom;
import dev.parley.model.ErrorCode;
import dev.parley.model.HistoryPage;
import dev.parley.model.HistoryQuery;
import dev.parley.model.JoinRoom;
import dev.parley.model.MessageAck;
import dev.parley.model.ParleyException;
import dev.parley.model.PostMessage;
import dev.parley.model.Room;
import dev.parley.model.RoomPage;
import dev.parley.model.RoomQuery;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The service API on a real server with its real token checks (against a stand-in issuer) and the backends replaced:
 * every endpoint, the scope rules, and every error as a problem detail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parley.gateway.token.issuer=" + TestIssuer.ISSUER,
        "parley.gateway.backend.room-service=tcp://127.0.0.1:9",
        "parley.gateway.backend.chat-service=tcp://127.0.0.1:9" })
@AutoConfigureWebTestClient
class ServiceApiTest {

    private static final TestIssuer issuer = TestIssuer.start();

    private static final String READ_WRITE = issuer.token("parley-service", "chat.read chat.write");

    private static final UUID ROOM_ID = UUID.randomUUID();

    private static final Room ROOM = new Room(ROOM_ID, "Ops", "parley-service", Instant.parse("2026-01-02T03:04:05Z"));

    @DynamicPropertySource
    static void issuerKeys(DynamicPropertyRegistry registry) {
        registry.add("parley.gateway.token.jwk-set-uri", issuer::jwkSetUri);
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @Autowired
    WebTestClient http;

    @MockitoBean
    RoomBackend rooms;

    @MockitoBean
    MessageBackend messages;

    @Test
    void listReturnsAPageOfRoomsForTheQueryAndForwardsTheCallersToken() {
        given(rooms.list(any(), any())).willReturn(Mono.just(new RoomPage(List.of(ROOM), "Ops")));
        http.get().uri("/api/rooms?search=op&after=General&limit=1").headers(bearer(READ_WRITE)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.rooms[0].id").isEqualTo(ROOM_ID.toString())
                .jsonPath("$.rooms[0].name").isEqualTo("Ops")
                .jsonPath("$.next").isEqualTo("Ops");
        verify(rooms).list(new CallerToken(READ_WRITE), new RoomQuery("op", "General", 1));
    }

    @Test
    void listWithoutParametersAsksForTheFirstPageAndSaysWhenNoneFollows() {
        given(rooms.list(any(), any())).willReturn(Mono.just(new RoomPage(List.of(ROOM), null)));
        http.get().uri("/api/rooms").headers(bearer(READ_WRITE)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.rooms.length()").isEqualTo(1)
                .jsonPath("$.next").value(next -> assertThat(next).isNull());
        verify(rooms).list(new CallerToken(READ_WRITE), RoomQuery.firstPage());
    }

    @Test
    void createAnswers201WithTheRoomAndALocation() {
        given(rooms.create(any(), eq(new CreateRoom("Ops", "correct horse")))).willReturn(Mono.just(ROOM));
        http.post().uri("/api/rooms").headers(bearer(READ_WRITE)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"Ops\",\"password\":\"correct horse\"}").exchange()
                .expectStatus().isCreated()
                .expectHeader().location("/api/rooms/" + ROOM_ID + "/messages")
                .expectBody().jsonPath("$.id").isEqualTo(ROOM_ID.toString());
    }

    @Test
    void joinAnswersTheJoinedRoom() {
        given(rooms.join(any(), eq(new JoinRoom("ops", "correct horse")))).willReturn(Mono.just(ROOM));
        http.post().uri("/api/rooms/join").headers(bearer(READ_WRITE)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"ops\",\"password\":\"correct horse\"}").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("Ops");
    }

    @Test
    void historyPassesTheKeysetParametersAndDefaultsTheLimit() {
        ChatMessage message = new ChatMessage(UUID.randomUUID(), ROOM_ID, 4, "bob", "Bob", "hi", Instant.now(), "b-4");
        given(messages.history(any(), eq(ROOM_ID), any()))
                .willReturn(Mono.just(new HistoryPage(ROOM_ID, List.of(message), true)));
        http.get().uri("/api/rooms/{id}/messages?beforeSeq=5&limit=1", ROOM_ID).headers(bearer(READ_WRITE))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.messages[0].seq").isEqualTo(4)
                .jsonPath("$.hasMore").isEqualTo(true);
        http.get().uri("/api/rooms/{id}/messages", ROOM_ID).headers(bearer(READ_WRITE)).exchange()
                .expectStatus().isOk();
        verify(messages).history(any(), eq(ROOM_ID), eq(new HistoryQuery(5L, 1)));
        verify(messages).history(any(), eq(ROOM_ID), eq(new HistoryQuery(null, 0)));
    }

    @Test
    void postAnswers201WithTheAcknowledgement() {
        MessageAck ack = new MessageAck(UUID.randomUUID(), ROOM_ID, 7, Instant.now(), "svc-1");
        given(messages.post(any(), eq(ROOM_ID), eq(new PostMessage("svc-1", "deploy done"))))
                .willReturn(Mono.just(ack));
        http.post().uri("/api/rooms/{id}/messages", ROOM_ID).headers(bearer(READ_WRITE))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"clientMsgId\":\"svc-1\",\"text\":\"deploy done\"}")
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.seq").isEqualTo(7).jsonPath("$.clientMsgId").isEqualTo("svc-1");
    }

    @Test
    void aRequestWithoutATokenGets401TokenInvalidWithABearerChallenge() {
        http.get().uri("/api/rooms").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("TOKEN_INVALID")
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.type").isEqualTo("urn:parley:problem:token-invalid")
                .jsonPath("$.title").isEqualTo("Token invalid")
                .jsonPath("$.detail").isEqualTo("an access token is required")
                .jsonPath("$.instance").isEqualTo("/api/rooms")
                .jsonPath("$.retryable").isEqualTo(false);
        verifyNoInteractions(rooms);
    }

    @Test
    void aMalformedTokenGets401WithAnInvalidTokenChallenge() {
        http.get().uri("/api/rooms").headers(bearer("not-a-jwt")).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                        challenge -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""))
                .expectBody()
                .jsonPath("$.code").isEqualTo("TOKEN_INVALID")
                .jsonPath("$.detail").isEqualTo("the access token is not valid");
    }

    @Test
    void aTokenFromAnotherIssuerGets401() {
        http.get().uri("/api/rooms").headers(bearer(issuer.foreignToken("parley-service", "chat.read"))).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("TOKEN_INVALID");
        verifyNoInteractions(rooms);
    }

    @Test
    void aUserTokenWithoutChatScopesGets403ForbiddenWithAnInsufficientScopeChallenge() {
        String userToken = issuer.token("alice", "openid profile email");
        http.get().uri("/api/rooms").headers(bearer(userToken)).exchange()
                .expectStatus().isForbidden()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                        challenge -> assertThat(challenge).contains("error=\"insufficient_scope\""))
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("FORBIDDEN")
                .jsonPath("$.status").isEqualTo(403)
                .jsonPath("$.retryable").isEqualTo(false);
        verifyNoInteractions(rooms);
    }

    @Test
    void aReadOnlyTokenCanReadButNotWrite() {
        String readOnly = issuer.token("parley-reader", "chat.read");
        given(rooms.list(any(), any())).willReturn(Mono.just(new RoomPage(List.of(), null)));
        http.get().uri("/api/rooms").headers(bearer(readOnly)).exchange().expectStatus().isOk();
        http.post().uri("/api/rooms/{id}/messages", ROOM_ID).headers(bearer(readOnly))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"clientMsgId\":\"r-1\",\"text\":\"hi\"}")
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        verifyNoInteractions(messages);
    }

    @Test
    void aWriteOnlyTokenCannotRead() {
        http.get().uri("/api/rooms/{id}/messages", ROOM_ID).headers(bearer(issuer.token("w", "chat.write")))
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
    }

    @ParameterizedTest
    @CsvSource({ "BAD_FRAME, 400", "INVALID_ROOM_NAME, 400", "INVALID_PASSWORD, 400", "INVALID_MESSAGE, 400",
            "INVALID_REQUEST, 400", "UNAUTHENTICATED, 401", "TOKEN_INVALID, 401", "TOKEN_EXPIRED, 401",
            "FORBIDDEN, 403", "ROOM_ACCESS_DENIED, 403", "NOT_A_MEMBER, 404", "ROOM_NAME_TAKEN, 409",
            "RATE_LIMITED, 429", "AUTH_UNAVAILABLE, 503", "SERVICE_UNAVAILABLE, 503", "SLOW_CONSUMER, 503",
            "INTERNAL, 500" })
    void aBackendRefusalBecomesAProblemWithItsStatusAndCode(ErrorCode code, int status) {
        given(messages.history(any(), eq(ROOM_ID), any()))
                .willReturn(Mono.error(new ParleyException(code, "the detail for " + code)));
        WebTestClient.ResponseSpec response = http.get().uri("/api/rooms/{id}/messages", ROOM_ID)
                .headers(bearer(READ_WRITE)).exchange();
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.code").isEqualTo(code.name())
                .jsonPath("$.retryable").isEqualTo(code.retryable())
                .jsonPath("$.type").isEqualTo("urn:parley:problem:" + code.name().toLowerCase().replace('_', '-'))
                .jsonPath("$.instance").isEqualTo("/api/rooms/" + ROOM_ID + "/messages")
                .jsonPath("$.detail").isEqualTo(code == ErrorCode.INTERNAL ? "internal error" : "the detail for " + code);
        if (status == 429 || status == 503) {
            response.expectHeader().exists(HttpHeaders.RETRY_AFTER);
        }
        else {
            response.expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER);
        }
    }

    @Test
    void anUnexpectedFailureIs500InternalWithoutItsMessage() {
        given(rooms.list(any(), any())).willReturn(Mono.error(new IllegalStateException("connection string secret=42")));
        http.get().uri("/api/rooms").headers(bearer(READ_WRITE)).exchange()
                .expectStatus().isEqualTo(500)
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("\"code\":\"INTERNAL\"").doesNotContain("secret").doesNotContain("Exception"));
    }

    @Test
    void unreadableBodiesGet400BadFrameWithoutParserDetails() {
        for (String body : List.of("{not json", "[1,2]", "{\"name\":{\"a\":1},\"password\":\"x\"}", "")) {
            http.post().uri("/api/rooms").headers(bearer(READ_WRITE)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(String.class).value(problem -> assertThat(problem).as(body)
                            .contains("\"code\":\"BAD_FRAME\"")
                            .contains("the request body is missing or is not the expected JSON")
                            .doesNotContain("jackson").doesNotContain("Exception"));
        }
        verifyNoInteractions(rooms);
    }

    @Test
    void malformedParametersGet400BadFrameNamingTheParameter() {
        http.get().uri("/api/rooms/not-a-uuid/messages").headers(bearer(READ_WRITE)).exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo("BAD_FRAME")
                .jsonPath("$.detail").isEqualTo("parameter 'roomId' is missing or has the wrong type");
        http.get().uri("/api/rooms/{id}/messages?limit=many", ROOM_ID).headers(bearer(READ_WRITE)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("parameter 'limit' is missing or has the wrong type");
        verifyNoInteractions(messages);
    }

    @Test
    void aBodyThatIsNotJsonGets415BadFrame() {
        http.post().uri("/api/rooms").headers(bearer(READ_WRITE)).contentType(MediaType.TEXT_PLAIN)
                .bodyValue("name=Ops").exchange()
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.code").isEqualTo("BAD_FRAME");
    }

    @Test
    void anUnknownPathGets404AndAWrongMethod405BothInvalidRequest() {
        http.get().uri("/api/nothing-here").headers(bearer(READ_WRITE)).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        http.delete().uri("/api/rooms").headers(bearer(READ_WRITE)).exchange()
                .expectStatus().isEqualTo(405)
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
    }

    @Test
    void theOpenApiDocumentIsServedWithoutAToken() {
        http.get().uri("/api/openapi.yaml").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/yaml")
                .expectBody(String.class).value(yaml -> assertThat(yaml).startsWith("openapi: 3.1.0"));
    }

    private static java.util.function.Consumer<HttpHeaders> bearer(String token) {
        return headers -> headers.setBearerAuth(token);
    }
}
