package dev.parley.room;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.parley.model.CreateRoom;
import dev.parley.model.Room;
import dev.parley.model.RoomCreated;
import dev.parley.model.RoomRoutes;
import dev.parley.model.UserProfile;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.metadata.WellKnownMimeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.security.rsocket.metadata.BearerTokenAuthenticationEncoder;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The service as the gateway sees it: real RSocket over TCP with bearer-token metadata, and the HTTP port. */
class RoomServiceRSocketIT extends RoomServiceIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The standard authentication extension (well-known bearer), written by BearerTokenAuthenticationEncoder. */
    private static final MimeType AUTHENTICATION =
            MimeTypeUtils.parseMimeType(WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString());

    /** The older, deprecated-in-Spring-Security form: the raw token as text. */
    private static final MimeType LEGACY_BEARER = MimeType.valueOf("message/x.rsocket.authentication.bearer.v0");

    @Value("${local.rsocket.server.port}")
    private int rsocketPort;

    @Value("${local.server.port}")
    private int httpPort;

    @Autowired
    private RSocketRequester.Builder requesterBuilder;

    private RSocketRequester requester;

    @BeforeEach
    void connect() {
        requester = requesterBuilder
            .rsocketStrategies(strategies -> strategies.encoder(new BearerTokenAuthenticationEncoder()))
            .tcp("127.0.0.1", rsocketPort);
    }

    @AfterEach
    void disconnect() {
        requester.dispose();
    }

    @Test
    void requestWhenNoTokenThenUnauthenticated() {
        StepVerifier.create(requester.route(RoomRoutes.USERS_ME).retrieveMono(UserProfile.class))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ApplicationErrorException.class)
                .hasMessageStartingWith("UNAUTHENTICATED: "))
            .verify(TIMEOUT);
    }

    @Test
    void requestWhenGarbageTokenThenTokenInvalid() {
        StepVerifier.create(withToken("not-a-jwt", RoomRoutes.USERS_ME).retrieveMono(UserProfile.class))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ApplicationErrorException.class)
                .hasMessage("TOKEN_INVALID: the access token is not valid"))
            .verify(TIMEOUT);
    }

    @Test
    void requestWhenTokenForAnotherAudienceThenTokenInvalid() {
        String token = TestTokens.tokenForAudience("alice-sub", "someone-else");

        StepVerifier.create(withToken(token, RoomRoutes.LIST).retrieveFlux(Room.class))
            .expectErrorSatisfies(e -> assertThat(e).hasMessageStartingWith("TOKEN_INVALID: "))
            .verify(TIMEOUT);
    }

    @Test
    void usersMeWhenValidTokenThenProfileFromTheAuthenticatedPrincipal() {
        String subject = "sub-" + UUID.randomUUID();
        String token = TestTokens.token(subject, Map.of("preferred_username", "carol", "email", "carol@example.org"));

        StepVerifier.create(withToken(token, RoomRoutes.USERS_ME).retrieveMono(UserProfile.class))
            .expectNext(new UserProfile(subject, "carol", "carol@example.org"))
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void createWhenValidThenRoomReturnedAndAnnouncedOnRoomsEvents() {
        String token = TestTokens.token("dave-sub", Map.of("name", "Dave"));
        String name = "Wire " + UUID.randomUUID().toString().substring(0, 8);

        StepVerifier.create(withToken(token, RoomRoutes.EVENTS).retrieveFlux(RoomCreated.class)
                .filter(event -> event.room().name().equals(name))
                .take(1))
            .then(() -> withToken(token, RoomRoutes.CREATE).data(new CreateRoom(name, "password-1"))
                .retrieveMono(Room.class)
                .block(TIMEOUT))
            .assertNext(event -> assertThat(event.room().createdBy()).isEqualTo("dave-sub"))
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void createWhenNameInvalidThenWireErrorWithCode() {
        String token = TestTokens.token("erin-sub", Map.of());

        StepVerifier.create(withToken(token, RoomRoutes.CREATE).data(new CreateRoom("-nope", "password-1"))
                .retrieveMono(Room.class))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ApplicationErrorException.class)
                .hasMessageStartingWith("INVALID_ROOM_NAME: "))
            .verify(TIMEOUT);
    }

    @Test
    void createWhenPayloadIsNotJsonThenInvalidRequestWithoutInternals() {
        String token = TestTokens.token("erin-sub", Map.of());

        StepVerifier.create(withToken(token, RoomRoutes.CREATE).data("{not json").retrieveMono(Room.class))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ApplicationErrorException.class)
                .hasMessage("INVALID_REQUEST: the request payload is missing or malformed"))
            .verify(TIMEOUT);
    }

    @Test
    void membersWhenCallerNotMemberThenStreamFailsWithNotAMember() {
        String alice = TestTokens.token("alice-sub", Map.of());
        Room room = withToken(alice, RoomRoutes.CREATE)
            .data(new CreateRoom("Members " + UUID.randomUUID().toString().substring(0, 8), "password-1"))
            .retrieveMono(Room.class)
            .block(TIMEOUT);
        String mallory = TestTokens.token("mallory-sub", Map.of());

        StepVerifier.create(withToken(mallory, "rooms." + room.id() + ".members").retrieveFlux(UserProfile.class))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ApplicationErrorException.class)
                .hasMessageStartingWith("NOT_A_MEMBER: "))
            .verify(TIMEOUT);
        StepVerifier.create(withToken(alice, "rooms." + room.id() + ".members").retrieveFlux(UserProfile.class))
            .assertNext(member -> assertThat(member.id()).isEqualTo("alice-sub"))
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void httpWhenHealthThenOpenAndWhenAnythingElseThenDenied() {
        WebClient http = WebClient.create("http://127.0.0.1:" + httpPort);

        assertThat(http.get().uri("/actuator/health/liveness").exchangeToMono(r -> Mono
            .just(r.statusCode())).block(TIMEOUT)).isEqualTo(HttpStatus.OK);
        assertThat(http.get().uri("/actuator/env").exchangeToMono(r -> Mono
            .just(r.statusCode())).block(TIMEOUT).is4xxClientError()).isTrue();
    }

    @Test
    void usersMeWhenTokenSentInLegacyBearerMimeTypeThenAlsoAccepted() {
        String subject = "sub-" + UUID.randomUUID();
        String token = TestTokens.token(subject, Map.of("name", "Legacy"));

        StepVerifier.create(requester.route(RoomRoutes.USERS_ME)
                .metadata(token, LEGACY_BEARER)
                .retrieveMono(UserProfile.class))
            .expectNext(new UserProfile(subject, "Legacy", null))
            .expectComplete()
            .verify(TIMEOUT);
    }

    private RSocketRequester.RequestSpec withToken(String token, String route) {
        return requester.route(route).metadata(new BearerTokenMetadata(token), AUTHENTICATION);
    }
}
