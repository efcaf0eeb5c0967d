package dev.parley.room;

import java.text.ParseException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import dev.parley.model.ChangeRoomPassword;
import dev.parley.model.CreateRoom;
import dev.parley.model.JoinRoom;
import dev.parley.model.Membership;
import dev.parley.model.RemoveMember;
import dev.parley.model.Room;
import dev.parley.model.RoomCreated;
import dev.parley.model.RoomPage;
import dev.parley.model.RoomQuery;
import dev.parley.model.RoomRoutes;
import dev.parley.model.UserProfile;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.metadata.WellKnownMimeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.rsocket.metadata.BearerTokenAuthenticationEncoder;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as the gateway sees it: real RSocket over TCP with bearer-token metadata, and the HTTP port. Tokens
 * come from {@link TestTokens}, so they are valid in every respect the service checks.
 */
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

    @Autowired
    private DatabaseClient db;

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

        StepVerifier.create(withToken(token, RoomRoutes.PAGE).retrieveMono(RoomPage.class))
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
    void pageWithoutAPayloadIsTheFirstPageAndALimitOutOfRangeIsAnInvalidRequest() {
        String token = TestTokens.token("erin-sub", Map.of());

        StepVerifier.create(withToken(token, RoomRoutes.PAGE).retrieveMono(RoomPage.class))
            .assertNext(page -> assertThat(page.rooms()).hasSizeLessThanOrEqualTo(RoomQuery.DEFAULT_LIMIT))
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(withToken(token, RoomRoutes.PAGE).data(new RoomQuery(null, null, RoomQuery.MAX_LIMIT + 1))
                .retrieveMono(RoomPage.class))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ApplicationErrorException.class)
                .hasMessage("INVALID_REQUEST: limit must be between 1 and 100"))
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

    @Test
    void ownerRoutesWhenCalledOverRSocketThenChangePasswordAndRemoveMemberWork() {
        String owner = TestTokens.token("owner-" + UUID.randomUUID(), Map.of());
        String member = TestTokens.token("member-" + UUID.randomUUID(), Map.of());
        String memberId = subjectOf(member);
        Room room = withToken(owner, RoomRoutes.CREATE)
            .data(new CreateRoom("Owned " + UUID.randomUUID().toString().substring(0, 8), "old-password"))
            .retrieveMono(Room.class)
            .block(TIMEOUT);
        withToken(member, RoomRoutes.JOIN).data(new JoinRoom(room.name(), "old-password")).retrieveMono(Room.class)
            .block(TIMEOUT);

        StepVerifier.create(withToken(member, RoomRoutes.CHANGE_PASSWORD, room.id())
                .data(new ChangeRoomPassword("member-password")).retrieveMono(Room.class))
            .expectErrorSatisfies(e -> assertThat(e).hasMessage("FORBIDDEN: only the room's owner may do this"))
            .verify(TIMEOUT);
        StepVerifier.create(withToken(owner, RoomRoutes.CHANGE_PASSWORD, room.id())
                .data(new ChangeRoomPassword("new-password")).retrieveMono(Room.class))
            .expectNext(room)
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(withToken(owner, RoomRoutes.REMOVE_MEMBER, room.id())
                .data(new RemoveMember(memberId)).retrieveMono(Membership.class))
            .expectNext(new Membership(room.id(), memberId, false))
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(withToken(member, RoomRoutes.MEMBERSHIP, room.id()).retrieveMono(Membership.class))
            .expectNext(new Membership(room.id(), memberId, false))
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void joinWhenTooManyFailuresThenRateLimitedWireErrorWithRetryAfter() {
        String token = TestTokens.token("prober-" + UUID.randomUUID(), Map.of());
        String name = "Unknown " + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < PER_ROOM; i++) {
            StepVerifier.create(withToken(token, RoomRoutes.JOIN).data(new JoinRoom(name, "guess-" + i))
                    .retrieveMono(Room.class))
                .expectErrorSatisfies(e -> assertThat(e).hasMessage("ROOM_ACCESS_DENIED: wrong room name or password"))
                .verify(TIMEOUT);
        }

        StepVerifier.create(withToken(token, RoomRoutes.JOIN).data(new JoinRoom(name, "guess")).retrieveMono(Room.class))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ApplicationErrorException.class)
                .message().matches("RATE_LIMITED: too many failed attempts; try again in [1-5] s"))
            .verify(TIMEOUT);
    }

    @Test
    void everyRouteWhenAccountDeletedThenForbiddenEvenWithAFreshValidToken() {
        String subject = "leaver-" + UUID.randomUUID();
        String leaver = TestTokens.token(subject, Map.of("name", "Leaver", "email", "leaver@example.org"));
        String alice = TestTokens.token("alice-" + UUID.randomUUID(), Map.of());
        Room alicesRoom = withToken(alice, RoomRoutes.CREATE)
            .data(new CreateRoom("Alices " + UUID.randomUUID().toString().substring(0, 8), "alice-password"))
            .retrieveMono(Room.class)
            .block(TIMEOUT);
        withToken(leaver, RoomRoutes.JOIN).data(new JoinRoom(alicesRoom.name(), "alice-password"))
            .retrieveMono(Room.class)
            .block(TIMEOUT);
        Room leaversRoom = withToken(leaver, RoomRoutes.CREATE)
            .data(new CreateRoom("Leavers " + UUID.randomUUID().toString().substring(0, 8), "leaver-password"))
            .retrieveMono(Room.class)
            .block(TIMEOUT);

        StepVerifier.create(withToken(leaver, RoomRoutes.USERS_ME_DELETE).retrieveMono(Void.class))
            .expectComplete()
            .verify(TIMEOUT);

        String fresh = TestTokens.token(subject, Map.of("name", "Back Again"));
        for (String token : List.of(leaver, fresh)) {
            assertAccountDeleted(withToken(token, RoomRoutes.USERS_ME).retrieveMono(UserProfile.class));
            assertAccountDeleted(withToken(token, RoomRoutes.USERS_ME_DELETE).retrieveMono(Void.class));
            assertAccountDeleted(withToken(token, RoomRoutes.PAGE).retrieveMono(RoomPage.class));
            assertAccountDeleted(withToken(token, RoomRoutes.EVENTS).retrieveFlux(RoomCreated.class));
            assertAccountDeleted(withToken(token, RoomRoutes.CREATE)
                .data(new CreateRoom("Comeback " + UUID.randomUUID().toString().substring(0, 8), "password-1"))
                .retrieveMono(Room.class));
            assertAccountDeleted(withToken(token, RoomRoutes.JOIN)
                .data(new JoinRoom(alicesRoom.name(), "alice-password")).retrieveMono(Room.class));
            assertAccountDeleted(withToken(token, RoomRoutes.MEMBERSHIP, alicesRoom.id()).retrieveMono(Membership.class));
            assertAccountDeleted(withToken(token, RoomRoutes.MEMBERS, alicesRoom.id()).retrieveFlux(UserProfile.class));
            assertAccountDeleted(withToken(token, RoomRoutes.CHANGE_PASSWORD, leaversRoom.id())
                .data(new ChangeRoomPassword("new-password")).retrieveMono(Room.class));
            assertAccountDeleted(withToken(token, RoomRoutes.REMOVE_MEMBER, leaversRoom.id())
                .data(new RemoveMember("anyone")).retrieveMono(Membership.class));
        }

        // Memberships are gone, the rooms the account created stay, and only the subject is kept.
        StepVerifier.create(withToken(alice, RoomRoutes.MEMBERS, alicesRoom.id()).retrieveFlux(UserProfile.class)
                .map(UserProfile::id))
            .expectNext(subjectOf(alice))
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(withToken(alice, RoomRoutes.PAGE).data(new RoomQuery(leaversRoom.name(), null, null))
                .retrieveMono(RoomPage.class))
            .expectNext(new RoomPage(List.of(leaversRoom), null))
            .expectComplete()
            .verify(TIMEOUT);
        assertThat(db.sql("select display_name, email, deleted_at from users where id = :id").bind("id", subject)
            .map((row, meta) -> row.get("display_name", String.class) == null && row.get("email", String.class) == null
                    && row.get("deleted_at", OffsetDateTime.class) != null)
            .one()
            .block(TIMEOUT)).as("a tombstone without name or e-mail").isTrue();
    }

    private static void assertAccountDeleted(Publisher<?> call) {
        StepVerifier.create(call)
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ApplicationErrorException.class)
                .hasMessage("FORBIDDEN: this account was deleted"))
            .verify(TIMEOUT);
    }

    private static String subjectOf(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        }
        catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private RSocketRequester.RequestSpec withToken(String token, String route, Object... routeVariables) {
        return requester.route(route, routeVariables).metadata(new BearerTokenMetadata(token), AUTHENTICATION);
    }
}
