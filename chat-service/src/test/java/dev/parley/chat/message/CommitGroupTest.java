package dev.parley.chat.message;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.model.ChatMessage;
import dev.parley.model.PostMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CommitGroupTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static final UUID ROOM_A = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    private static final UUID ROOM_B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private static final Sender ALICE = new Sender("alice-id", "Alice");

    private static final Sender BOB = new Sender("bob-id", "Bob");

    @Test
    void answersGiveEachPostTheMessageStoredUnderItsKeyInTheGroupsOrder() {
        CommitGroup group = new CommitGroup(List.of(post(ROOM_A, ALICE, "a1"), post(ROOM_B, BOB, "b1"),
                post(ROOM_A, BOB, "a1"), post(ROOM_A, ALICE, "a1")));
        ChatMessage aliceA1 = stored(ROOM_A, ALICE, "a1", 7);
        ChatMessage bobB1 = stored(ROOM_B, BOB, "b1", 1);
        ChatMessage bobA1 = stored(ROOM_A, BOB, "a1", 8);

        List<ChatMessage> answers = group.answers(Map.of(CommitGroup.Key.of(aliceA1), aliceA1,
                CommitGroup.Key.of(bobB1), bobB1, CommitGroup.Key.of(bobA1), bobA1));

        // The same clientMsgId from another sender is another message; a repeat of a key shares its message.
        assertThat(answers).containsExactly(aliceA1, bobB1, bobA1, aliceA1);
    }

    @Test
    void answersWhenAKeyHasNoStoredMessageThenFailInsteadOfGuessing() {
        CommitGroup group = new CommitGroup(List.of(post(ROOM_A, ALICE, "a1"), post(ROOM_A, ALICE, "a2")));
        ChatMessage a1 = stored(ROOM_A, ALICE, "a1", 1);

        assertThatIllegalStateException().isThrownBy(() -> group.answers(Map.of(CommitGroup.Key.of(a1), a1)))
                .withMessageContaining("a2");
    }

    private static CommitGroup.Post post(UUID room, Sender sender, String clientMsgId) {
        return new CommitGroup.Post(room, sender, new PostMessage(clientMsgId, "text of " + clientMsgId));
    }

    private static ChatMessage stored(UUID room, Sender sender, String clientMsgId, long seq) {
        return new ChatMessage(UUID.randomUUID(), room, seq, sender.id(), sender.name(), "text of " + clientMsgId, NOW,
                clientMsgId);
    }
}
