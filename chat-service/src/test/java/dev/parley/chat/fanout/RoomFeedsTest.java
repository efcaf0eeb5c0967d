package dev.parley.chat.fanout;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

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
    void dispatchWhenTwoThreadsDispatchToOneRoomAtOnceThenTheSubscriberGetsEveryMessage() throws Exception {
        int perThread = 20_000;
        AtomicInteger received = new AtomicInteger();
        Disposable subscriber = feeds.live(room).subscribe(message -> received.incrementAndGet());
        CountDownLatch start = new CountDownLatch(1);
        Runnable dispatcher = () -> {
            try {
                start.await();
            }
            catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int seq = 1; seq <= perThread; seq++) {
                feeds.dispatch(message(room, seq));
            }
        };
        Thread first = new Thread(dispatcher);
        Thread second = new Thread(dispatcher);
        first.start();
        second.start();

        start.countDown();
        first.join();
        second.join();
        subscriber.dispose();

        assertThat(received).hasValue(2 * perThread);
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
