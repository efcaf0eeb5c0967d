package dev.parley.chat.message;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.parley.chat.ChatServiceTestEnvironment;
import dev.parley.model.ChatMessage;
import dev.parley.model.HistoryPage;
import dev.parley.model.HistoryQuery;
import dev.parley.model.MessageAck;
import dev.parley.model.ErrorCode;
import dev.parley.model.PostMessage;
import dev.parley.model.PostOutcome;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

class RoomMessagesIT extends ChatServiceTestEnvironment {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Sender ALICE = new Sender("alice-id", "Alice");

    private static final Sender BOB = new Sender("bob-id", "Bob");

    @Autowired
    RoomMessages messages;

    @Autowired
    DatabaseClient db;

    @Test
    void postWhenManyPostsRaceInOneRoomThenSeqsAreOneToNWithoutHolesOrDuplicates() {
        UUID room = UUID.randomUUID();
        int posts = 40;

        List<Long> seqs = Flux.range(1, posts)
                .flatMap(i -> messages.post(room, i % 2 == 0 ? ALICE : BOB, new PostMessage("m" + i, "hello " + i)), 16)
                .map(MessageAck::seq)
                .collectSortedList()
                .block(TIMEOUT);

        assertThat(seqs).containsExactlyElementsOf(Flux.range(1, posts).map(Long::valueOf).collectList().block());
        Long lastSeq = db.sql("SELECT last_seq FROM room_sequence WHERE room_id = :room").bind("room", room)
                .map(row -> row.get(0, Long.class)).one().block(TIMEOUT);
        assertThat(lastSeq).isEqualTo(posts);
    }

    @Test
    void postWhenRetriedWithTheSameClientMsgIdThenReturnsTheFirstAckAndStoresOnce() {
        UUID room = UUID.randomUUID();
        MessageAck first = messages.post(room, ALICE, new PostMessage("retry-1", "  once  ")).block(TIMEOUT);

        MessageAck again = messages.post(room, ALICE, new PostMessage("retry-1", "  once  ")).block(TIMEOUT);
        MessageAck otherSender = messages.post(room, BOB, new PostMessage("retry-1", "mine")).block(TIMEOUT);

        assertThat(again).isEqualTo(first);
        assertThat(first.seq()).isEqualTo(1);
        assertThat(otherSender.seq()).isEqualTo(2);
        HistoryPage page = messages.history(room, new HistoryQuery(null, 0)).block(TIMEOUT);
        assertThat(page.messages()).extracting(ChatMessage::text).containsExactly("  once  ", "mine");
        assertThat(page.messages().get(0).sentAt()).isEqualTo(first.sentAt());
    }

    @Test
    void postAllStoresItsPostsInTheOrderGivenAndRefusesOnlyTheBadOnes() {
        UUID room = UUID.randomUUID();
        messages.post(room, BOB, new PostMessage("before", "first")).block(TIMEOUT);
        List<PostMessage> batch = List.of(new PostMessage("b1", "one"), new PostMessage("b2", " "),
                new PostMessage("b3", "three"), new PostMessage("before", "not Bob's"), new PostMessage("b1", "one"),
                new PostMessage("b5", "five"));

        List<PostOutcome> outcomes = messages.postAll(room, ALICE, batch).collectList().block(TIMEOUT);

        assertThat(outcomes).hasSize(6);
        assertThat(outcomes.get(1)).isEqualTo(new PostOutcome.Refused(ErrorCode.INVALID_MESSAGE, "the message is empty"));
        List<Long> seqs = outcomes.stream().filter(PostOutcome.Stored.class::isInstance)
                .map(outcome -> ((PostOutcome.Stored) outcome).ack().seq()).toList();
        // A repeat of a key earlier in the batch answers with that post's ack; another sender's key is not ours.
        assertThat(seqs).containsExactly(2L, 3L, 4L, 2L, 5L);
        HistoryPage page = messages.history(room, new HistoryQuery(null, 0)).block(TIMEOUT);
        assertThat(page.messages()).extracting(ChatMessage::text)
                .containsExactly("first", "one", "three", "not Bob's", "five");
    }

    @Test
    void historyWhenPagedBackwardsThenKeysetPagesAreAscendingAndComplete() {
        UUID room = UUID.randomUUID();
        Flux.range(1, 7).concatMap(i -> messages.post(room, ALICE, new PostMessage("h" + i, "text " + i)))
                .blockLast(TIMEOUT);

        HistoryPage latest = messages.history(room, new HistoryQuery(null, 3)).block(TIMEOUT);
        HistoryPage middle = messages.history(room, new HistoryQuery(5L, 3)).block(TIMEOUT);
        HistoryPage oldest = messages.history(room, new HistoryQuery(2L, 3)).block(TIMEOUT);

        assertThat(latest.messages()).extracting(ChatMessage::seq).containsExactly(5L, 6L, 7L);
        assertThat(latest.hasMore()).isTrue();
        assertThat(middle.messages()).extracting(ChatMessage::seq).containsExactly(2L, 3L, 4L);
        assertThat(middle.hasMore()).isTrue();
        assertThat(oldest.messages()).extracting(ChatMessage::seq).containsExactly(1L);
        assertThat(oldest.hasMore()).isFalse();
        assertThat(oldest.messages().get(0).senderName()).isEqualTo("Alice");
    }

    @Test
    void streamWhenAfterSeqGivenThenStoredMessagesFollowedByLiveOnesExactlyOnceInOrder() {
        UUID room = UUID.randomUUID();
        Flux.range(1, 3).concatMap(i -> messages.post(room, ALICE, new PostMessage("s" + i, "stored " + i)))
                .blockLast(TIMEOUT);

        StepVerifier.create(messages.stream(room, 1).map(ChatMessage::seq))
                .expectNext(2L, 3L)
                .then(() -> Flux.range(4, 3)
                        .concatMap(i -> messages.post(room, BOB, new PostMessage("s" + i, "live " + i)))
                        .blockLast(TIMEOUT))
                .expectNext(4L, 5L, 6L)
                .expectNoEvent(Duration.ofSeconds(3))
                .thenCancel()
                .verify(TIMEOUT);
    }
}
