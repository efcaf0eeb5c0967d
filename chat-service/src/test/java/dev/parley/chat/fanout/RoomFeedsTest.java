package dev.parley.chat.fanout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.model.ChatMessage;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class RoomFeedsTest {

    private final RoomFeeds feeds = new RoomFeeds();

    private final UUID room = UUID.randomUUID();

    @Test
    void dispatchWhenRoomHasSubscribersThenEachGetsTheRoomsMessagesOnly() {
        UUID otherRoom = UUID.randomUUID();

        StepVerifier.create(feeds.live(room).map(ChatMessage::seq))
                .then(() -> {
                    feeds.dispatch(message(otherRoom, 7));
                    feeds.dispatch(message(room, 1));
                })
                .expectNext(1L)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void dispatchWhileAnotherThreadIsEmittingToTheRoomReturnsAtOnceAndTheMessageStillArrives() throws Exception {
        List<Long> received = new CopyOnWriteArrayList<>();
        CountDownLatch firstArrived = new CountDownLatch(1);
        CountDownLatch secondDispatched = new CountDownLatch(1);
        AtomicBoolean secondDispatchedInTime = new AtomicBoolean();
        Disposable subscriber = feeds.live(room).subscribe(message -> {
            received.add(message.seq());
            if (message.seq() == 1) {
                firstArrived.countDown();
                try {
                    // Holds the first emission open until the other thread's dispatch has returned.
                    secondDispatchedInTime.set(secondDispatched.await(5, TimeUnit.SECONDS));
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Thread first = new Thread(() -> feeds.dispatch(message(room, 1)));
        first.start();
        assertThat(firstArrived.await(5, TimeUnit.SECONDS)).isTrue();

        feeds.dispatch(message(room, 2));
        secondDispatched.countDown();
        first.join();
        subscriber.dispose();

        assertThat(secondDispatchedInTime).isTrue();
        assertThat(received).containsExactly(1L, 2L);
    }

    @Test
    void liveWhenLastSubscriberLeavesThenTheRoomsSinkIsRemoved() {
        Disposable first = feeds.live(room).subscribe();
        Disposable second = feeds.live(room).subscribe();
        assertThat(feeds.isWatched(room)).isTrue();

        first.dispose();
        assertThat(feeds.isWatched(room)).isTrue();
        second.dispose();

        assertThat(feeds.isWatched(room)).isFalse();
        assertThat(feeds.watchedRooms()).isZero();
    }

    @Test
    void dispatchWhenNobodyWatchesTheRoomThenNothingIsKept() {
        feeds.dispatch(message(room, 1));

        assertThat(feeds.watchedRooms()).isZero();
    }

    private static ChatMessage message(UUID roomId, long seq) {
        return new ChatMessage(UUID.randomUUID(), roomId, seq, "bob", "Bob", "hi", Instant.EPOCH, "c" + seq);
    }
}
