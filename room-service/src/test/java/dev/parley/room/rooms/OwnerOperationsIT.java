package dev.parley.room.rooms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.model.ChangeRoomPassword;
import dev.parley.model.CreateRoom;
import dev.parley.model.ErrorCode;
import dev.parley.model.JoinRoom;
import dev.parley.model.Membership;
import dev.parley.model.ParleyException;
import dev.parley.model.RemoveMember;
import dev.parley.model.Room;
import dev.parley.model.UserProfile;
import dev.parley.model.MemberRemoved;
import dev.parley.room.RoomProperties;
import dev.parley.room.RoomServiceIntegrationTest;
import dev.parley.testsupport.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.Jwt;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The owner's operations: changing the room password and removing members. */
class OwnerOperationsIT extends RoomServiceIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Autowired
    private Rooms rooms;

    @Autowired
    private RoomProperties properties;

    @Autowired
    private JsonMapper json;

    @Test
    void changePasswordWhenOwnerThenOldPasswordFailsAndNewOneWorks() {
        Jwt owner = freshUser();
        Room room = rooms.create(owner, new CreateRoom(uniqueName("Rekey"), "old-password")).block(TIMEOUT);

        StepVerifier.create(rooms.changePassword(owner, room.id(), new ChangeRoomPassword("new-password")))
            .expectNext(room)
            .expectComplete()
            .verify(TIMEOUT);

        assertCode(refusal(rooms.join(freshUser(), new JoinRoom(room.name(), "old-password"))),
                ErrorCode.ROOM_ACCESS_DENIED);
        StepVerifier.create(rooms.join(freshUser(), new JoinRoom(room.name(), "new-password")))
            .expectNext(room)
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void changePasswordWhenMemberButNotOwnerThenForbiddenAndPasswordUnchanged() {
        Room room = rooms.create(freshUser(), new CreateRoom(uniqueName("Mine"), "old-password")).block(TIMEOUT);
        Jwt member = freshUser();
        rooms.join(member, new JoinRoom(room.name(), "old-password")).block(TIMEOUT);

        assertCode(refusal(rooms.changePassword(member, room.id(), new ChangeRoomPassword("taken-over"))),
                ErrorCode.FORBIDDEN);

        StepVerifier.create(rooms.join(freshUser(), new JoinRoom(room.name(), "old-password")))
            .expectNext(room)
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void changePasswordWhenNotAMemberOrNoSuchRoomThenNotAMemberAlike() {
        Room room = rooms.create(freshUser(), new CreateRoom(uniqueName("Closed"), "old-password")).block(TIMEOUT);
        Jwt stranger = freshUser();

        ParleyException notMember = refusal(rooms.changePassword(stranger, room.id(),
                new ChangeRoomPassword("new-password")));
        ParleyException noRoom = refusal(rooms.changePassword(stranger, UUID.randomUUID(),
                new ChangeRoomPassword("new-password")));

        assertCode(notMember, ErrorCode.NOT_A_MEMBER);
        assertThat(noRoom.toWire()).isEqualTo(notMember.toWire());
    }

    @Test
    void changePasswordWhenNewPasswordBreaksTheRulesThenInvalidPassword() {
        Jwt owner = freshUser();
        Room room = rooms.create(owner, new CreateRoom(uniqueName("Rules"), "old-password")).block(TIMEOUT);

        for (String password : List.of("short", "         ", room.name().toUpperCase(), "x".repeat(73))) {
            assertCode(refusal(rooms.changePassword(owner, room.id(), new ChangeRoomPassword(password))),
                    ErrorCode.INVALID_PASSWORD);
        }
        assertCode(refusal(rooms.changePassword(owner, room.id(), null)), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void createWhenPasswordIsTheRoomNameThenInvalidPassword() {
        String name = uniqueName("Same");

        assertThat(refusal(rooms.create(freshUser(), new CreateRoom(name, name.toLowerCase()))).toWire())
            .isEqualTo("INVALID_PASSWORD: the password must not be the room's name");
    }

    @Test
    void removeMemberWhenOwnerThenNoLongerAMemberNorListed() {
        Jwt owner = freshUser();
        Room room = rooms.create(owner, new CreateRoom(uniqueName("Kick"), "the-password")).block(TIMEOUT);
        Jwt member = freshUser();
        rooms.join(member, new JoinRoom(room.name(), "the-password")).block(TIMEOUT);

        StepVerifier.create(rooms.removeMember(owner, room.id(), new RemoveMember(member.getSubject())))
            .expectNext(new Membership(room.id(), member.getSubject(), false))
            .expectComplete()
            .verify(TIMEOUT);

        StepVerifier.create(rooms.membership(member, room.id()))
            .expectNext(new Membership(room.id(), member.getSubject(), false))
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(rooms.members(owner, room.id()).map(UserProfile::id).collectList())
            .expectNext(List.of(owner.getSubject()))
            .expectComplete()
            .verify(TIMEOUT);
        assertCode(refusal(rooms.members(member, room.id()).then()), ErrorCode.NOT_A_MEMBER);
    }

    @Test
    void removeMemberAnnouncesTheRemovalOnTheMembershipTopicSoOpenStreamsCanBeEnded() {
        Jwt owner = freshUser();
        Room room = rooms.create(owner, new CreateRoom(uniqueName("Told"), "the-password")).block(TIMEOUT);
        Jwt member = freshUser();
        rooms.join(member, new JoinRoom(room.name(), "the-password")).block(TIMEOUT);

        rooms.removeMember(owner, room.id(), new RemoveMember(member.getSubject())).block(TIMEOUT);

        MemberRemoved expected = new MemberRemoved(room.id(), member.getSubject());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "owner-operations-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(properties.membershipTopic()));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (received.stream().noneMatch(record -> record.key().equals(room.id().toString()))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            List<MemberRemoved> forThisRoom = received.stream()
                .filter(record -> record.key().equals(room.id().toString()))
                .map(record -> json.readValue(record.value(), MemberRemoved.class))
                .toList();
            assertThat(forThisRoom).containsExactly(expected);
        }
    }

    @Test
    void removeMemberWhenNotOwnerOrOwnerThemselvesThenRefused() {
        Jwt owner = freshUser();
        Room room = rooms.create(owner, new CreateRoom(uniqueName("Stay"), "the-password")).block(TIMEOUT);
        Jwt member = freshUser();
        rooms.join(member, new JoinRoom(room.name(), "the-password")).block(TIMEOUT);

        assertCode(refusal(rooms.removeMember(member, room.id(), new RemoveMember(owner.getSubject()))),
                ErrorCode.FORBIDDEN);
        assertCode(refusal(rooms.removeMember(owner, room.id(), new RemoveMember(owner.getSubject()))),
                ErrorCode.FORBIDDEN);
        assertCode(refusal(rooms.removeMember(freshUser(), room.id(), new RemoveMember(member.getSubject()))),
                ErrorCode.NOT_A_MEMBER);
        assertCode(refusal(rooms.removeMember(owner, room.id(), new RemoveMember(" "))), ErrorCode.INVALID_REQUEST);

        StepVerifier.create(rooms.members(owner, room.id()).map(UserProfile::id).collectList())
            .expectNext(List.of(owner.getSubject(), member.getSubject()))
            .expectComplete()
            .verify(TIMEOUT);
    }

    private static ParleyException refusal(Mono<?> call) {
        Throwable error = call.then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(TIMEOUT);
        assertThat(error).as("a refusal").isInstanceOf(ParleyException.class);
        return (ParleyException) error;
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
