package dev.parley.gateway.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.parley.model.ErrorCode;
import dev.parley.model.MessageAck;
import dev.parley.model.ParleyException;
import dev.parley.model.PostMessage;
import dev.parley.model.PostOutcome;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxTest {

    private static final UUID ROOM_A = UUID.randomUUID();

    private static final UUID ROOM_B = UUID.randomUUID();

    /** Every request the outbox made, answered when the test says so. */
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private final List<String> answered = new CopyOnWriteArrayList<>();

    private final Outbox outbox = new Outbox(3, (room, posts) -> {
        Request request = new Request(room, posts, Sinks.one());
        requests.add(request);
        return request.reply().asMono();
    }, (send, outcome) -> answered.add(send.ref() + "=" + describe(outcome)));

    @Test
    void sendsThatArriveWhileOneIsInFlightGoTogetherPerRoomAndAreAnsweredInTheOrderSent() {
        offerToRoomA("s1", "s2");
        outbox.offer(send("s3", ROOM_B));
        outbox.offer(send("s4", ROOM_A));

        assertThat(requests).singleElement().satisfies(first -> assertThat(first.refs()).containsExactly("c-s1"));
        requests.get(0).storeAll();

        assertThat(answered).containsExactly("s1=stored 1");
        assertThat(requests).hasSize(3);
        assertThat(requests.get(1).room()).isEqualTo(ROOM_A);
        assertThat(requests.get(1).refs()).containsExactly("c-s2", "c-s4");
        assertThat(requests.get(2).room()).isEqualTo(ROOM_B);
        assertThat(requests.get(2).refs()).containsExactly("c-s3");
        // Room B answers first; the answers still follow the order of the sends.
        requests.get(2).storeAll();
        assertThat(answered).containsExactly("s1=stored 1");
        requests.get(1).storeAll();
        assertThat(answered).containsExactly("s1=stored 1", "s2=stored 1", "s3=stored 1", "s4=stored 2");
    }

    @Test
    void aFailedRequestRefusesEachOfItsSendsWithTheFailuresCodeAndTheNextRequestGoesOn() {
        offerToRoomA("s1", "s2", "s3");

        requests.get(0).reply().tryEmitError(new ParleyException(ErrorCode.NOT_A_MEMBER, "not a member"));
        requests.get(1).reply().tryEmitError(new IllegalStateException("boom"));

        assertThat(answered).containsExactly("s1=NOT_A_MEMBER", "s2=INTERNAL", "s3=INTERNAL");
        outbox.offer(send("s4", ROOM_A));
        assertThat(requests).hasSize(3);
    }

    @Test
    void refusesASendWhenTheQueueIsFullAndDrainsOnlyOnceEverySendIsAnswered() {
        outbox.offer(send("s1", ROOM_A));
        assertThat(outbox.offer(send("s2", ROOM_A))).isTrue();
        assertThat(outbox.offer(send("s3", ROOM_A))).isTrue();
        assertThat(outbox.offer(send("s4", ROOM_A))).isTrue();

        assertThat(outbox.offer(send("s5", ROOM_A))).isFalse();
        StepVerifier.create(outbox.drained())
                .then(() -> requests.get(0).storeAll())
                .expectNoEvent(Duration.ofMillis(50))
                .then(() -> requests.get(1).storeAll())
                .verifyComplete();
        assertThat(answered).extracting(answer -> answer.substring(0, 2)).containsExactly("s1", "s2", "s3", "s4");
        StepVerifier.create(outbox.drained()).verifyComplete();
    }

    @Test
    void discardDropsTheWaitingSendsOfAConnectionThatIsGoneButLetsTheOneInFlightEnd() {
        offerToRoomA("s1", "s2");

        outbox.discard();
        requests.get(0).storeAll();

        assertThat(answered).containsExactly("s1=stored 1");
        assertThat(requests).hasSize(1);
        StepVerifier.create(outbox.drained()).verifyComplete();
    }

    @Test
    void aSendThatWaitedForAFullOutboxIsDroppedWhenTheConnectionWentAwayMeanwhile() {
        offerToRoomA("s1", "s2", "s3", "s4");
        assertThat(outbox.offer(send("s5", ROOM_A))).isFalse();

        outbox.discard();
        requests.get(0).storeAll();
        assertThat(outbox.offer(send("s5", ROOM_A))).isTrue();

        assertThat(requests).hasSize(1);
        assertThat(answered).containsExactly("s1=stored 1");
    }

    private static Outbox.Send send(String ref, UUID room) {
        return new Outbox.Send(ref, room, new PostMessage("c-" + ref, "hello"));
    }

    private static String describe(PostOutcome outcome) {
        return outcome instanceof PostOutcome.Stored stored ? "stored " + stored.ack().seq()
                : ((PostOutcome.Refused) outcome).code().name();
    }

    private record Request(UUID room, List<PostMessage> posts, Sinks.One<List<PostOutcome>> reply) {

        List<String> refs() {
            return posts.stream().map(PostMessage::clientMsgId).toList();
        }

        /** Stores the posts as seqs 1, 2, ... of this request. */
        void storeAll() {
            List<PostOutcome> outcomes = new ArrayList<>();
            for (PostMessage post : posts) {
                outcomes.add(new PostOutcome.Stored(new MessageAck(UUID.randomUUID(), room, outcomes.size() + 1,
                        Instant.now(), post.clientMsgId())));
            }
            reply.tryEmitValue(outcomes);
        }
    }

    /** Offers a send to room A for each ref, in order. */
    private void offerToRoomA(String... refs) {
        for (String ref : refs) {
            outbox.offer(send(ref, ROOM_A));
        }
    }
}
