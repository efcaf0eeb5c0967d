package dev.parley.chat.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.parley.model.ChatMessage;
import dev.parley.model.PostMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

class CommitGroupTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static final UUID ROOM_A = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    private static final UUID ROOM_B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private static final Sender ALICE = new Sender("alice-id", "Alice");

    private static final Sender BOB = new Sender("bob-id", "Bob");

    private final AtomicLong nextId = new AtomicLong();

    private final Supplier<UUID> ids = () -> new UUID(0, nextId.incrementAndGet());

    @Test
    void sequenceWhenPostsOfTwoRoomsInterleaveThenEachRoomNumbersItsPostsInSubmissionOrderUpToItsLastSeq() {
        CommitGroup group = new CommitGroup(List.of(post(ROOM_A, ALICE, "a1"), post(ROOM_B, BOB, "b1"),
                post(ROOM_A, BOB, "a2"), post(ROOM_A, ALICE, "a3")));

        CommitGroup.Sequenced sequenced = group.sequence(Map.of(), Map.of(ROOM_A, 13L, ROOM_B, 1L), NOW, ids);

        assertThat(sequenced.answers()).extracting(ChatMessage::clientMsgId, ChatMessage::seq)
                .containsExactly(tuple("a1", 11L), tuple("b1", 1L), tuple("a2", 12L), tuple("a3", 13L));
        assertThat(sequenced.inserts()).containsExactlyElementsOf(sequenced.answers());
        assertThat(sequenced.inserts()).extracting(ChatMessage::id).doesNotHaveDuplicates();
        assertThat(sequenced.answers().get(2)).satisfies(message -> {
            assertThat(message.senderId()).isEqualTo("bob-id");
            assertThat(message.senderName()).isEqualTo("Bob");
            assertThat(message.text()).isEqualTo("text of a2");
            assertThat(message.sentAt()).isEqualTo(NOW);
        });
    }

    @Test
    void newPerRoomWhenRoomsGivenThenCountsAreInPostgresUuidOrderWhichIsOneLockOrderForEveryInstance() {
        // NOTE: a signed comparison (UUID.compareTo) would put the 8... and f... rooms first.
        List<UUID> rooms = List.of(UUID.fromString("f0000000-0000-0000-0000-000000000000"),
                UUID.fromString("00000000-0000-0000-8000-000000000000"),
                UUID.fromString("80000000-0000-0000-0000-000000000000"),
                UUID.fromString("00000000-0000-0000-0000-000000000001"));
        List<CommitGroup.Post> posts = new ArrayList<>();
        for (int i = 0; i < rooms.size(); i++) {
            for (int j = 0; j <= i; j++) {
                posts.add(post(rooms.get(i), ALICE, "m" + i + "-" + j));
            }
        }

        Map<UUID, Integer> counts = new CommitGroup(posts).newPerRoom(Map.of());

        assertThat(counts.keySet()).extracting(UUID::toString).containsExactly(
                "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-8000-000000000000",
                "80000000-0000-0000-0000-000000000000", "f0000000-0000-0000-0000-000000000000");
        assertThat(counts.values()).containsExactly(4, 2, 3, 1);
    }

    @Test
    void sequenceWhenOneKeyIsPostedTwiceInTheGroupThenTheLaterPostAnswersWithTheEarlierPostsMessage() {
        CommitGroup group = new CommitGroup(List.of(post(ROOM_A, ALICE, "same"), post(ROOM_A, BOB, "same"),
                new CommitGroup.Post(ROOM_A, ALICE, new PostMessage("same", "a retry with another text"))));

        assertThat(group.newPerRoom(Map.of())).containsExactly(Map.entry(ROOM_A, 2));
        CommitGroup.Sequenced sequenced = group.sequence(Map.of(), Map.of(ROOM_A, 2L), NOW, ids);

        assertThat(sequenced.inserts()).extracting(ChatMessage::senderId, ChatMessage::seq)
                .containsExactly(tuple("alice-id", 1L), tuple("bob-id", 2L));
        assertThat(sequenced.answers().get(2)).isSameAs(sequenced.answers().get(0));
        assertThat(sequenced.answers().get(2).text()).isEqualTo("text of same");
    }

    @Test
    void sequenceWhenAPostWasStoredBeforeThenItAnswersWithTheStoredMessageAndTakesNoSeq() {
        ChatMessage earlier = new ChatMessage(UUID.randomUUID(), ROOM_A, 7, "alice-id", "Alice", "text of old",
                NOW.minusSeconds(60), "old");
        CommitGroup group = new CommitGroup(List.of(post(ROOM_A, ALICE, "old"), post(ROOM_A, ALICE, "new"),
                post(ROOM_A, ALICE, "old")));
        Map<CommitGroup.Key, ChatMessage> stored = Map.of(CommitGroup.Key.of(earlier), earlier);

        assertThat(group.newPerRoom(stored)).containsExactly(Map.entry(ROOM_A, 1));
        CommitGroup.Sequenced sequenced = group.sequence(stored, Map.of(ROOM_A, 8L), NOW, ids);

        assertThat(sequenced.answers()).extracting(ChatMessage::seq).containsExactly(7L, 8L, 7L);
        assertThat(sequenced.answers().get(0)).isSameAs(earlier);
        assertThat(sequenced.inserts()).extracting(ChatMessage::clientMsgId).containsExactly("new");
    }

    @Test
    void sequenceWhenEveryPostWasStoredBeforeThenNoRoomNeedsASeq() {
        ChatMessage earlier = new ChatMessage(UUID.randomUUID(), ROOM_B, 3, "bob-id", "Bob", "text of b", NOW, "b");
        CommitGroup group = new CommitGroup(List.of(post(ROOM_B, BOB, "b")));
        Map<CommitGroup.Key, ChatMessage> stored = Map.of(CommitGroup.Key.of(earlier), earlier);

        assertThat(group.newPerRoom(stored)).isEmpty();
        assertThat(group.sequence(stored, Map.of(), NOW, ids).inserts()).isEmpty();
    }

    @Test
    void sequenceWhenARoomsLastSeqIsMissingThenFailsInsteadOfGuessing() {
        CommitGroup group = new CommitGroup(List.of(post(ROOM_A, ALICE, "a1"), post(ROOM_B, ALICE, "b1")));

        assertThatIllegalStateException().isThrownBy(() -> group.sequence(Map.of(), Map.of(ROOM_A, 1L), NOW, ids));
    }

    @Test
    void keysWhenAKeyRepeatsThenItIsLookedUpOnce() {
        CommitGroup group = new CommitGroup(List.of(post(ROOM_A, ALICE, "k"), post(ROOM_A, ALICE, "k"),
                post(ROOM_B, ALICE, "k")));

        assertThat(group.keys()).containsExactly(new CommitGroup.Key(ROOM_A, "alice-id", "k"),
                new CommitGroup.Key(ROOM_B, "alice-id", "k"));
    }

    private static CommitGroup.Post post(UUID room, Sender sender, String clientMsgId) {
        return new CommitGroup.Post(room, sender, new PostMessage(clientMsgId, "text of " + clientMsgId));
    }
}
