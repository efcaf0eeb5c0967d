package dev.parley.chat.fanout;

import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.model.ChatMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This instance's live subscribers, one multicast sink per room. A room's sink exists only while it has
 * subscribers, so the map never outgrows the rooms being watched.
 */
final class RoomFeeds {

    private final Map<UUID, Feed> feeds = new ConcurrentHashMap<>();

    /** The room's messages dispatched from now on, for as long as the subscriber stays. */
    Flux<ChatMessage> live(UUID roomId) {
        return Flux.using(() -> acquire(roomId), feed -> feed.sink.asFlux(), feed -> release(roomId, feed));
    }

    boolean isWatched(UUID roomId) {
        return feeds.containsKey(roomId);
    }

    /**
     * Hands the message to the room's local subscribers, if any. Safe from any thread, and never waits: the Kafka
     * receive loop and the commits of this instance (on event-loop threads) call it at once.
     */
    void dispatch(ChatMessage message) {
        Feed feed = feeds.get(message.roomId());
        if (feed != null) {
            feed.emit(message);
        }
    }

    int watchedRooms() {
        return feeds.size();
    }

    private Feed acquire(UUID roomId) {
        return feeds.compute(roomId, (id, existing) -> {
            Feed feed = existing == null ? new Feed() : existing;
            feed.subscribers++;
            return feed;
        });
    }

    private void release(UUID roomId, Feed feed) {
        feeds.computeIfPresent(roomId, (id, existing) -> {
            if (existing != feed) {
                return existing;
            }
            existing.subscribers--;
            return existing.subscribers == 0 ? null : existing;
        });
    }

    private static final class Feed {

        final Sinks.Many<ChatMessage> sink = Sinks.many().multicast().directBestEffort();

        // NOTE: the sink drops an emission that overlaps another, and a lock would make an event loop wait for the
        // other thread's emission. So emissions queue here, and whichever thread finds the feed idle emits them all
        // (queue-drain); the others return at once. The queue holds only what arrives during one drain, and a drain
        // never waits: subscribers buffer on their own side (and fail alone when full).
        private final Queue<ChatMessage> pending = new ConcurrentLinkedQueue<>();

        private final AtomicInteger emitting = new AtomicInteger();

        // guarded by the map's compute on this room's key
        int subscribers;

        void emit(ChatMessage message) {
            pending.offer(message);
            if (emitting.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                ChatMessage next;
                while ((next = pending.poll()) != null) {
                    sink.tryEmitNext(next);
                }
                missed = emitting.addAndGet(-missed);
            }
            while (missed != 0);
        }
    }
}
