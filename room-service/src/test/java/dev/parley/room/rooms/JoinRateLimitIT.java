package dev.parley.room.rooms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.parley.model.CreateRoom;
import dev.parley.model.ErrorCode;
import dev.parley.model.JoinRoom;
import dev.parley.model.ParleyException;
import dev.parley.model.Room;
import dev.parley.room.RoomServiceIntegrationTest;
import dev.parley.room.password.CountingPasswordEncoder;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/** rooms.join under the failed-attempt limits (the test context allows 3 per room and 6 per user in 5 s). */
class JoinRateLimitIT extends RoomServiceIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final Pattern RETRY_AFTER = Pattern.compile("too many failed attempts; try again in (\\d+) s");

    @Autowired
    private Rooms rooms;

    @Autowired
    private CountingPasswordEncoder encoder;

    @Test
    void joinWhenRoomLimitReachedThenRateLimitedEvenWithRightPasswordAndWithoutBcrypt() {
        Room room = createRoom("Guarded");
        Jwt mallory = freshUser();
        for (int i = 0; i < PER_ROOM; i++) {
            assertCode(refusal(rooms.join(mallory, new JoinRoom(room.name(), "wrong-password-" + i))),
                    ErrorCode.ROOM_ACCESS_DENIED);
        }
        long checksBefore = encoder.checks();

        ParleyException limited = refusal(rooms.join(mallory, new JoinRoom(room.name(), "right-password")));

        assertCode(limited, ErrorCode.RATE_LIMITED);
        assertThat(retryAfterSeconds(limited)).isBetween(1L, (long) WINDOW_SECONDS);
        assertThat(limited.toWire()).startsWith("RATE_LIMITED: too many failed attempts; try again in ");
        assertThat(encoder.checks()).as("bcrypt checks run for the limited join").isEqualTo(checksBefore);
        assertThat(rooms.membership(mallory, room.id()).block(TIMEOUT).member()).isFalse();
    }

    @Test
    void joinWhenRoomLimitReachedThenOtherRoomsStillOpenUntilTheUserLimit() {
        Room guarded = createRoom("Guarded");
        Room other = createRoom("Other");
        Jwt bob = freshUser();
        for (int i = 0; i < PER_ROOM; i++) {
            refusal(rooms.join(bob, new JoinRoom(guarded.name(), "wrong-password")));
        }

        StepVerifier.create(rooms.join(bob, new JoinRoom(other.name(), "right-password")))
            .expectNext(other)
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void joinWhenUserLimitReachedOverManyRoomsThenRateLimitedOnAnyRoom() {
        Room fresh = createRoom("Fresh");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < PER_USER; i++) {
            names.add(i % 2 == 0 ? createRoom("Target").name() : uniqueName("Nowhere"));
        }
        Jwt mallory = freshUser();
        // Below the per-room limit on each name, but PER_USER failures in all: real rooms and unknown names alike.
        for (String name : names) {
            assertCode(refusal(rooms.join(mallory, new JoinRoom(name, "wrong-password"))), ErrorCode.ROOM_ACCESS_DENIED);
        }
        long checksBefore = encoder.checks();

        ParleyException limited = refusal(rooms.join(mallory, new JoinRoom(fresh.name(), "right-password")));

        assertCode(limited, ErrorCode.RATE_LIMITED);
        assertThat(encoder.checks()).isEqualTo(checksBefore);
    }

    @Test
    void joinWhenUnknownNameOrWrongPasswordThenIdenticalAnswersBeforeAndAtTheLimit() {
        Room room = createRoom("Probe");
        Jwt onRealRoom = freshUser();
        Jwt onUnknownName = freshUser();
        String unknown = uniqueName("Probe");

        List<String> realAnswers = new ArrayList<>();
        List<String> unknownAnswers = new ArrayList<>();
        for (int i = 0; i <= PER_ROOM; i++) {
            realAnswers.add(withoutSeconds(refusal(rooms.join(onRealRoom, new JoinRoom(room.name(), "wrong-pass")))));
            unknownAnswers.add(withoutSeconds(refusal(rooms.join(onUnknownName, new JoinRoom(unknown, "wrong-pass")))));
        }

        assertThat(realAnswers).isEqualTo(unknownAnswers)
            .startsWith("ROOM_ACCESS_DENIED: wrong room name or password")
            .endsWith("RATE_LIMITED: too many failed attempts; try again in N s");
    }

    @Test
    void joinWhenRightPasswordThenDoesNotCountTowardsTheLimit() {
        Room room = createRoom("Welcome");
        Jwt carol = freshUser();

        for (int i = 0; i < PER_USER + 1; i++) {
            StepVerifier.create(rooms.join(carol, new JoinRoom(room.name(), "right-password")))
                .expectNext(room)
                .expectComplete()
                .verify(TIMEOUT);
        }
    }

    @Test
    void joinWhenRetryAfterHasPassedThenAllowedAgain() throws InterruptedException {
        Room room = createRoom("Patience");
        Jwt dave = freshUser();
        for (int i = 0; i < PER_ROOM; i++) {
            refusal(rooms.join(dave, new JoinRoom(room.name(), "wrong-password")));
        }
        long retryAfter = retryAfterSeconds(refusal(rooms.join(dave, new JoinRoom(room.name(), "right-password"))));

        Thread.sleep(Duration.ofSeconds(retryAfter).plusMillis(200).toMillis());

        StepVerifier.create(rooms.join(dave, new JoinRoom(room.name(), "right-password")))
            .expectNext(room)
            .expectComplete()
            .verify(TIMEOUT);
    }

    private Room createRoom(String prefix) {
        return rooms.create(freshUser(), new CreateRoom(uniqueName(prefix), "right-password")).block(TIMEOUT);
    }

    private static ParleyException refusal(Mono<?> call) {
        Throwable error = call.then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(TIMEOUT);
        assertThat(error).as("a refusal").isInstanceOf(ParleyException.class);
        return (ParleyException) error;
    }

    private static long retryAfterSeconds(ParleyException limited) {
        Matcher matcher = RETRY_AFTER.matcher(limited.getMessage());
        assertThat(matcher.matches()).as("retry-after in " + limited.getMessage()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String withoutSeconds(ParleyException refusal) {
        return refusal.toWire().replaceAll("\\d+ s$", "N s");
    }

    private static void assertCode(ParleyException error, ErrorCode code) {
        assertThat(error.code()).isEqualTo(code);
    }

    private static Jwt freshUser() {
        String subject = "user-" + UUID.randomUUID();
        return Jwt.withTokenValue("token").header("alg", "none").subject(subject).claim("name", subject).build();
    }

    private static String uniqueName(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }
}
