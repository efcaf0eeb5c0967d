package dev.parley.system;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import dev.parley.model.HistoryPage;
import dev.parley.model.HistoryQuery;
import dev.parley.model.MessageRoutes;
import dev.parley.model.PostMessage;
import dev.parley.model.RoomPage;
import dev.parley.model.RoomRoutes;
import dev.parley.model.UserProfile;
import dev.parley.testsupport.ProtocolClient;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.metadata.WellKnownMimeType;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import static dev.parley.testsupport.ProtocolClient.text;
import static dev.parley.testsupport.ProtocolClient.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A deleted account stays shut out: a fresh token of its user, valid in every respect, is refused by the gateway's
 * sign-in and, past the gateway, by room-service and chat-service over RSocket. The user is dave, whom no other test
 * signs in as (see RunningSystem's issuer users), so deleting him changes nothing for them.
 */
class DeletedAccountIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final MimeType AUTH = MimeTypeUtils
            .parseMimeType(WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString());

    /**
     * The wire refusal of every request with a token of a deleted account ({@link RoomRoutes#USERS_ME_DELETE});
     * chat-service passes room-service's answer to its membership question on unchanged. FORBIDDEN, not
     * TOKEN_INVALID: the fresh token itself passes every check.
     */
    private static final String ACCOUNT_DELETED = "FORBIDDEN: this account was deleted";

    private static RunningSystem parley;

    private static RSocketRequester roomService;

    private static RSocketRequester chatService;

    private static UUID davesRoom;

    private static String freshToken;

    /**
     * Dave signs in, creates a room and reads it, then deletes his account the only way a client can (the gateway
     * has no frame or REST route for it: room-service's route, called directly), and signs in again at the issuer.
     */
    @BeforeAll
    static void daveUsesParleyThenDeletesHisAccount() {
        parley = RunningSystem.get();
        roomService = parley.rsocket("room-service-1", "PARLEY_ROOM_RSOCKET_PORT");
        chatService = parley.rsocket("chat-service-1", "PARLEY_CHAT_RSOCKET_PORT");
        String token = parley.accessToken("dave");
        try (ProtocolClient dave = parley.connect(0, token)) {
            assertThat(dave.received()).as("dave's sign-in")
                    .anyMatch(frame -> "ready".equals(type(frame)) && "dave".equals(text(frame.get("user"), "id")));
            dave.send("type", "room.create", "ref", "c1", "name", "Daves room " + suffix(), "password",
                    "open the pod bay doors");
            JsonNode created = dave.reply("c1");
            assertThat(type(created)).as(created.toString()).isEqualTo("room.joined");
            davesRoom = UUID.fromString(text(created.get("room"), "id"));
        }
        // NOTE: dave reads his room on chat-service-2 only, never on chat-service-1 nor through the gateway (which
        // may pick either): chat-service trusts a cached "is a member" for up to 30 s (RoomRoutes.USERS_ME_DELETE),
        // so a read on chat-service-1 now would let him read on there after the deletion; the refusal tested below
        // is chat-service-1 asking room-service.
        RSocketRequester otherChatService = parley.rsocket("chat-service-2", "PARLEY_CHAT_RSOCKET_PORT");
        try {
            assertThat(history(otherChatService, token).block(TIMEOUT).roomId()).isEqualTo(davesRoom);
        }
        finally {
            otherChatService.dispose();
        }

        roomService.route(RoomRoutes.USERS_ME_DELETE).metadata(new BearerTokenMetadata(token), AUTH)
                .retrieveMono(Void.class).block(TIMEOUT);
        freshToken = parley.accessToken("dave");
    }

    @AfterAll
    static void disconnect() {
        roomService.dispose();
        chatService.dispose();
    }

    @Test
    void signInWhenAccountDeletedThenEveryGatewayRefusesAFreshTokenAsForbiddenAndClosesWith4504() {
        for (int gateway = 0; gateway < parley.system().gatewayUris().size(); gateway++) {
            try (ProtocolClient client = parley.connect(gateway, freshToken)) {
                List<JsonNode> frames = client.received();
                assertThat(frames).as("gateway %d", gateway).noneMatch(frame -> "ready".equals(type(frame)))
                        .anyMatch(frame -> "error".equals(type(frame)));
                JsonNode refusal = frames.stream().filter(frame -> "error".equals(type(frame))).reduce((a, b) -> b)
                        .orElseThrow();
                assertThat(text(refusal, "code")).as(refusal.toString()).isEqualTo("FORBIDDEN");
                assertThat(text(refusal, "ref")).isEqualTo("auth");
                assertThat(refusal.get("retryable").asBoolean()).as("retryable").isFalse();
                assertThat(client.awaitClose(TIMEOUT)).as("close code, gateway %d", gateway).isEqualTo(4504);
            }
        }
    }

    @Test
    void roomServiceWhenAccountDeletedThenRefusesAFreshTokenAsForbidden() {
        assertThatThrownBy(() -> withFreshToken(roomService.route(RoomRoutes.PAGE)).retrieveMono(RoomPage.class)
                .block(TIMEOUT))
                .isInstanceOf(ApplicationErrorException.class).hasMessage(ACCOUNT_DELETED);
        // users.me creates the user record of a new subject: it must not bring the deleted one back either.
        assertThatThrownBy(() -> withFreshToken(roomService.route(RoomRoutes.USERS_ME)).retrieveMono(UserProfile.class)
                .block(TIMEOUT))
                .isInstanceOf(ApplicationErrorException.class).hasMessage(ACCOUNT_DELETED);
    }

    @Test
    void chatServiceWhenAccountDeletedThenRefusesAFreshTokenAsForbiddenInARoomHeWasIn() {
        assertThatThrownBy(() -> history(chatService, freshToken).block(TIMEOUT))
                .isInstanceOf(ApplicationErrorException.class).hasMessage(ACCOUNT_DELETED);
        assertThatThrownBy(() -> withFreshToken(chatService.route(MessageRoutes.POST, davesRoom))
                .data(new PostMessage("after-deletion", "still here?")).retrieveMono(String.class).block(TIMEOUT))
                .isInstanceOf(ApplicationErrorException.class).hasMessage(ACCOUNT_DELETED);
    }

    private static Mono<HistoryPage> history(RSocketRequester chat, String token) {
        return chat.route(MessageRoutes.HISTORY, davesRoom).metadata(new BearerTokenMetadata(token), AUTH)
                .data(new HistoryQuery(null, 10)).retrieveMono(HistoryPage.class);
    }

    private static RSocketRequester.RequestSpec withFreshToken(RSocketRequester.RequestSpec request) {
        return request.metadata(new BearerTokenMetadata(freshToken), AUTH);
    }


    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
