package dev.parley.chat.fanout;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

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
