package dev.parley.room.rooms;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.parley.model.CreateRoom;
import dev.parley.model.ErrorCode;
import dev.parley.model.JoinRoom;
import dev.parley.model.Membership;
import dev.parley.model.ParleyException;
import dev.parley.model.Room;
import dev.parley.model.RoomCreated;
import dev.parley.model.UserProfile;
import dev.parley.room.RoomServiceIntegrationTest;
import dev.parley.room.events.RoomEvents;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class RoomsIT extends RoomServiceIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Autowired
    private Rooms rooms;

    @Autowired
    private RoomEvents events;

    @Autowired
    private DatabaseClient db;

    @Test
    void createWhenValidThenStoresBcryptHashAndCreatorIsMember() {
        Jwt alice = user("alice");
        String name = uniqueName("Stored");

        Room room = rooms.create(alice, new CreateRoom("  " + name + " ", "s3cret-pass")).block(TIMEOUT);

        assertThat(room.name()).isEqualTo(name);
        assertThat(room.createdBy()).isEqualTo(alice.getSubject());
        String hash = db.sql("select password_hash from rooms where id = :id").bind("id", room.id())
            .map((row, meta) -> row.get("password_hash", String.class)).one().block(TIMEOUT);
        assertThat(hash).startsWith("$2").isNotEqualTo("s3cret-pass").doesNotContain("s3cret-pass");
        StepVerifier.create(rooms.membership(alice, room.id()))
            .expectNext(new Membership(room.id(), alice.getSubject(), true))
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(rooms.list().filter(listed -> listed.id().equals(room.id())))
            .expectNext(room)
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void createWhenNameTakenIgnoringCaseThenRoomNameTaken() {
        String name = uniqueName("Dup");
        rooms.create(user("alice"), new CreateRoom(name, "password-1")).block(TIMEOUT);

        StepVerifier.create(rooms.create(user("bob"), new CreateRoom(name.toUpperCase(), "password-2")))
            .expectErrorSatisfies(e -> assertCode(e, ErrorCode.ROOM_NAME_TAKEN))
            .verify(TIMEOUT);
    }

    @Test
    void createWhenNameOrPasswordInvalidThenRejectedBeforeStoring() {
        StepVerifier.create(rooms.create(user("alice"), new CreateRoom("-bad", "password-1")))
            .expectErrorSatisfies(e -> assertCode(e, ErrorCode.INVALID_ROOM_NAME))
            .verify(TIMEOUT);
        StepVerifier.create(rooms.create(user("alice"), new CreateRoom(uniqueName("Short"), "short")))
            .expectErrorSatisfies(e -> assertCode(e, ErrorCode.INVALID_PASSWORD))
            .verify(TIMEOUT);
    }

    @Test
    void joinWhenPasswordWrongOrRoomUnknownThenSameRefusal() {
        String name = uniqueName("Secret");
        rooms.create(user("alice"), new CreateRoom(name, "right-password")).block(TIMEOUT);

        Throwable wrongPassword = refusal(rooms.join(user("bob"), new JoinRoom(name, "wrong-password")).then());
        Throwable unknownRoom = refusal(rooms.join(user("bob"), new JoinRoom(uniqueName("Nowhere"), "right-password"))
            .then());

        assertCode(wrongPassword, ErrorCode.ROOM_ACCESS_DENIED);
        assertThat(unknownRoom).isInstanceOf(ParleyException.class)
            .hasMessage(wrongPassword.getMessage());
        assertThat(((ParleyException) unknownRoom).toWire()).isEqualTo(((ParleyException) wrongPassword).toWire());
    }

    @Test
    void joinWhenNameHasANulCharacterThenSameRefusalNotAnInternalError() {
        Throwable refused = refusal(rooms.join(user("bob"), new JoinRoom("Sec\u0000ret", "right-password")).then());

        assertCode(refused, ErrorCode.ROOM_ACCESS_DENIED);
    }

    @Test
    void joinWhenPasswordRightThenMembershipRecordedAndJoiningTwiceIsFine() {
        String name = uniqueName("Open");
        Room room = rooms.create(user("alice"), new CreateRoom(name, "right-password")).block(TIMEOUT);
        Jwt bob = user("bob");
        StepVerifier.create(rooms.membership(bob, room.id()))
            .expectNext(new Membership(room.id(), bob.getSubject(), false))
            .expectComplete()
            .verify(TIMEOUT);

        StepVerifier.create(rooms.join(bob, new JoinRoom(name.toLowerCase(), "right-password")))
            .expectNext(room)
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(rooms.join(bob, new JoinRoom(name, "right-password")))
            .expectNext(room)
            .expectComplete()
            .verify(TIMEOUT);

        StepVerifier.create(rooms.membership(bob, room.id()))
            .expectNext(new Membership(room.id(), bob.getSubject(), true))
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(rooms.members(bob, room.id()).map(UserProfile::id).collectList())
            .expectNext(List.of(user("alice").getSubject(), bob.getSubject()))
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void membersWhenCallerNotMemberThenNotAMember() {
        Room room = rooms.create(user("alice"), new CreateRoom(uniqueName("Private"), "right-password"))
            .block(TIMEOUT);

        StepVerifier.create(rooms.members(user("mallory"), room.id()))
            .expectErrorSatisfies(e -> assertCode(e, ErrorCode.NOT_A_MEMBER))
            .verify(TIMEOUT);
        StepVerifier.create(rooms.membership(user("mallory"), UUID.randomUUID()))
            .assertNext(membership -> assertThat(membership.member()).isFalse())
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void createWhenCommittedThenRoomCreatedReachesLiveSubscribers() {
        String name = uniqueName("Live");
        events.ready().block(TIMEOUT);

        StepVerifier.create(events.live().filter(event -> event.room().name().equals(name)).take(1))
            .then(() -> rooms.create(user("alice"), new CreateRoom(name, "password-1")).block(TIMEOUT))
            .assertNext(event -> assertThat(event).isInstanceOf(RoomCreated.class)
                .extracting(e -> e.room().createdBy()).isEqualTo(user("alice").getSubject()))
            .expectComplete()
            .verify(TIMEOUT);
    }

    private static Throwable refusal(Mono<Void> call) {
        return call.then(Mono.<Throwable>empty())
            .onErrorResume(Mono::just)
            .block(TIMEOUT);
    }

    private static void assertCode(Throwable error, ErrorCode code) {
        assertThat(error).isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static Jwt user(String name) {
        return Jwt.withTokenValue("token").header("alg", "none").subject(name + "-sub").claim("name", name).build();
    }

    private static String uniqueName(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }
}
