package dev.parley.chat.message;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.parley.model.ChatMessage;
import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.PostMessage;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class CommitLaneTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final UUID ROOM = UUID.randomUUID();

    private static final Sender ALICE = new Sender("alice-id", "Alice");

    /** Every group the lane wrote, and the transaction of each, completed by the test. */
    private final List<CommitGroup> groups = new CopyOnWriteArrayList<>();

    private final List<Sinks.One<List<ChatMessage>>> transactions = new CopyOnWriteArrayList<>();

    private final List<String> storedAlone = new CopyOnWriteArrayList<>();

    private CommitLane lane(int capacity, int maxBatch) {
        return new CommitLane(capacity, maxBatch, group -> {
            Sinks.One<List<ChatMessage>> transaction = Sinks.one();
            groups.add(group);
            transactions.add(transaction);
            return transaction.asMono();
        }, post -> {
            storedAlone.add(post.message().clientMsgId());
            return post.message().clientMsgId().startsWith("bad")
                    ? Mono.error(new ParleyException(ErrorCode.INVALID_MESSAGE, "bad"))
                    : Mono.just(message(post, 100 + storedAlone.size()));
        });
    }

    @Test
    void submitWhenTheLaneIsIdleThenThePostIsWrittenAtOnceInAGroupOfItsOwn() {
        CommitLane lane = lane(10, 64);

        StepVerifier.create(lane.submit(post("p1")))
                .then(() -> {
                    assertThat(groups).singleElement().satisfies(group -> assertThat(clientMsgIds(group))
                            .containsExactly("p1"));
                    commit(0);
                })
                .assertNext(message -> assertThat(message.clientMsgId()).isEqualTo("p1"))
                .verifyComplete();
    }

    @Test
    void submitWhenAGroupIsBeingWrittenThenThePostsWaitingMeanwhileFormTheNextGroupInSubmissionOrder() {
        CommitLane lane = lane(10, 64);
        CompletableFuture<ChatMessage> first = lane.submit(post("p1")).toFuture();
        List<CompletableFuture<ChatMessage>> waiting = List.of(lane.submit(post("p2")).toFuture(),
                lane.submit(post("p3")).toFuture(), lane.submit(post("p4")).toFuture());

        assertThat(groups).hasSize(1);
        commit(0);

        assertThat(first).isCompletedWithValueMatching(message -> message.clientMsgId().equals("p1"));
        assertThat(groups).hasSize(2);
        assertThat(clientMsgIds(groups.get(1))).containsExactly("p2", "p3", "p4");
        assertThat(waiting).noneMatch(CompletableFuture::isDone);
        commit(1);
        assertThat(waiting).extracting(CompletableFuture::join).extracting(ChatMessage::clientMsgId)
                .containsExactly("p2", "p3", "p4");
    }

    @Test
    void submitWhenMoreThanMaxBatchPostsWaitThenEachGroupTakesAtMostMaxBatchInOrder() {
        CommitLane lane = lane(10, 2);
        for (int i = 1; i <= 6; i++) {
            lane.submit(post("p" + i)).subscribe();
        }

        commit(0);
        commit(1);
        commit(2);
        commit(3);

        assertThat(groups).extracting(CommitLaneTest::clientMsgIds)
                .containsExactly(List.of("p1"), List.of("p2", "p3"), List.of("p4", "p5"), List.of("p6"));
        assertThat(lane.waiting()).isZero();
    }

    @Test
    void submitWhenTheLaneQueueIsFullThenThePostFailsAtOnceWithRetryableServiceUnavailable() {
        CommitLane lane = lane(2, 64);
        lane.submit(post("p1")).subscribe();
        lane.submit(post("p2")).subscribe();
        lane.submit(post("p3")).subscribe();

        StepVerifier.create(lane.submit(post("p4")))
                .expectErrorSatisfies(error -> {
                    assertThat(((ParleyException) error).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
                    assertThat(((ParleyException) error).code().retryable()).isTrue();
                })
                .verify(TIMEOUT);
        commit(0);
        StepVerifier.create(lane.submit(post("p5")))
                .then(() -> commit(1))
                .then(() -> commit(2))
                .assertNext(message -> assertThat(message.clientMsgId()).isEqualTo("p5"))
                .verifyComplete();
        assertThat(groups).extracting(CommitLaneTest::clientMsgIds)
                .containsExactly(List.of("p1"), List.of("p2", "p3"), List.of("p5"));
    }

    @Test
    void writeWhenAGroupFailsThenEachPostIsStoredOnItsOwnAndOnlyTheBadOneFails() {
        CommitLane lane = lane(10, 64);
        lane.submit(post("p1")).subscribe();
        CompletableFuture<ChatMessage> good = lane.submit(post("p2")).toFuture();
        CompletableFuture<ChatMessage> bad = lane.submit(post("bad3")).toFuture();
        CompletableFuture<ChatMessage> alsoGood = lane.submit(post("p4")).toFuture();
        commit(0);

        transactions.get(1).tryEmitError(new IllegalStateException("unique violation"));

        assertThat(storedAlone).containsExactly("p2", "bad3", "p4");
        assertThat(good.join().clientMsgId()).isEqualTo("p2");
        assertThat(alsoGood.join().clientMsgId()).isEqualTo("p4");
        assertThat(bad).isCompletedExceptionally();
        StepVerifier.create(Mono.fromFuture(bad))
                .expectErrorSatisfies(error -> assertThat(((ParleyException) error).code())
                        .isEqualTo(ErrorCode.INVALID_MESSAGE))
                .verify(TIMEOUT);
    }

    @Test
    void submitWhenTheCallerCancelsThenThePostIsStillWrittenAndTheLaneGoesOn() {
        CommitLane lane = lane(10, 64);
        lane.submit(post("p1")).subscribe().dispose();
        lane.submit(post("p2")).subscribe().dispose();

        commit(0);
        commit(1);

        assertThat(groups).extracting(CommitLaneTest::clientMsgIds).containsExactly(List.of("p1"), List.of("p2"));
    }

    private void commit(int group) {
        List<CommitGroup.Post> posts = groups.get(group).posts();
        transactions.get(group)
                .tryEmitValue(posts.stream().map(post -> message(post, posts.indexOf(post) + 1)).toList());
    }

    private static List<String> clientMsgIds(CommitGroup group) {
        return group.posts().stream().map(post -> post.message().clientMsgId()).toList();
    }

    private static CommitGroup.Post post(String clientMsgId) {
        return new CommitGroup.Post(ROOM, ALICE, new PostMessage(clientMsgId, "text of " + clientMsgId));
    }

    private static ChatMessage message(CommitGroup.Post post, long seq) {
        return new ChatMessage(UUID.randomUUID(), post.roomId(), seq, post.sender().id(), post.sender().name(),
                post.message().text(), Instant.now(), post.message().clientMsgId());
    }
}
