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
import dev.parley.model.RoomPage;
import dev.parley.model.RoomQuery;
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
        StepVerifier.create(rooms.list(new RoomQuery(name, null, null)))
            .expectNext(new RoomPage(List.of(room), null))
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void listPagesInNameOrderIgnoringCaseWithoutSkippingOrRepeatingARoomCreatedMeanwhile() {
        String tag = uniqueName("Paged");
        for (String suffix : List.of("b", "A", "c", "D", "e")) {
            rooms.create(user("alice"), new CreateRoom(tag + " " + suffix, "password-1")).block(TIMEOUT);
        }

        RoomPage first = rooms.list(new RoomQuery(tag.toLowerCase(), null, 2)).block(TIMEOUT);
        assertThat(names(first)).containsExactly(tag + " A", tag + " b");
        assertThat(first.next()).isEqualTo(tag + " b");

        rooms.create(user("bob"), new CreateRoom(tag + " bb", "password-1")).block(TIMEOUT);
        RoomPage second = rooms.list(new RoomQuery(tag, first.next(), 2)).block(TIMEOUT);
        assertThat(names(second)).containsExactly(tag + " bb", tag + " c");

        RoomPage last = rooms.list(new RoomQuery(tag, second.next(), 2)).block(TIMEOUT);
        assertThat(names(last)).containsExactly(tag + " D", tag + " e");
        assertThat(last.next()).as("no room follows the last page").isNull();
    }

    @Test
    void searchFindsAnyPartOfTheNameIgnoringCaseAndTakesUnderscoreLiterally() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Room underscore = rooms.create(user("alice"), new CreateRoom("Q1_2 " + tag, "password-1")).block(TIMEOUT);
        rooms.create(user("alice"), new CreateRoom("Q112 " + tag, "password-1")).block(TIMEOUT);

        StepVerifier.create(rooms.list(new RoomQuery("q1_2 " + tag.toUpperCase(), null, null)))
            .expectNext(new RoomPage(List.of(underscore), null))
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(rooms.list(new RoomQuery("1" + tag, null, null)).map(RoomsIT::names))
            .expectNext(List.of())
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void listWithoutAQueryAnswersTheFirstPageOfTheDefaultSize() {
        // More than a page of rooms without a bcrypt hash each: the list never reads the hash.
        rooms.create(user("alice"), new CreateRoom(uniqueName("Many"), "password-1")).block(TIMEOUT);
        db.sql("""
                insert into rooms (id, name, password_hash, created_by, owner)
                select gen_random_uuid(), :prefix || n, 'not a hash', 'alice-sub', 'alice-sub'
                from generate_series(1, :rooms) n
                """)
            .bind("prefix", uniqueName("Many") + " ")
            .bind("rooms", RoomQuery.DEFAULT_LIMIT)
            .then().block(TIMEOUT);

        RoomPage page = rooms.list(null).block(TIMEOUT);

        assertThat(page.rooms()).hasSize(RoomQuery.DEFAULT_LIMIT);
        assertThat(page.next()).isEqualTo(page.rooms().get(RoomQuery.DEFAULT_LIMIT - 1).name());
    }

    @Test
    void listRefusesALimitOrTextOutOfRangeAndFindsNothingForANulCharacter() {
        for (RoomQuery outOfRange : List.of(new RoomQuery(null, null, 0), new RoomQuery(null, null, 101),
                new RoomQuery("x".repeat(65), null, null), new RoomQuery(null, "x".repeat(65), null))) {
            StepVerifier.create(rooms.list(outOfRange))
                .expectErrorSatisfies(e -> assertCode(e, ErrorCode.INVALID_REQUEST))
                .verify(TIMEOUT);
        }
        StepVerifier.create(rooms.list(new RoomQuery("a\u0000b", null, null)))
            .expectNext(new RoomPage(List.of(), null))
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

    private static List<String> names(RoomPage page) {
        return page.rooms().stream().map(Room::name).toList();
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
