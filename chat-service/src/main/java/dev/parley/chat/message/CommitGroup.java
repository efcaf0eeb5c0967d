package dev.parley.chat.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import dev.parley.model.ChatMessage;
import dev.parley.model.PostMessage;

/**
 * The posts one transaction stores: which of them are new, how many seqs each room needs and which message answers
 * each post. Plain logic; {@link CommitGroups} runs the SQL.
 */
final class CommitGroup {

    /**
     * PostgreSQL's uuid order (unsigned, most significant byte first). The rooms' sequence rows are locked in this
     * order by every group of every instance, so two groups can wait for each other's rooms but never deadlock.
     */
    static final Comparator<UUID> LOCK_ORDER = Comparator
            .comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
            .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

    private final List<Post> posts;

    CommitGroup(List<Post> posts) {
        this.posts = List.copyOf(posts);
    }

    List<Post> posts() {
        return posts;
    }

    /** Every idempotency key of the group, once each. */
    Set<Key> keys() {
        Set<Key> keys = new LinkedHashSet<>();
        posts.forEach(post -> keys.add(post.key()));
        return keys;
    }

    /** How many new messages each room gets (posts not stored before, each key once), rooms in {@link #LOCK_ORDER}. */
    SortedMap<UUID, Integer> newPerRoom(Map<Key, ChatMessage> stored) {
        SortedMap<UUID, Integer> counts = new TreeMap<>(LOCK_ORDER);
        Set<Key> seen = new HashSet<>();
        for (Post post : posts) {
            if (!stored.containsKey(post.key()) && seen.add(post.key())) {
                counts.merge(post.roomId(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Numbers the new posts: a room that got {@code count} seqs up to {@code last} gives {@code last - count + 1} ..
     * {@code last} to its new posts in submission order. A post already stored answers with the stored message; a
     * repeat of a key earlier in the group answers with that earlier post's message.
     *
     * @param lastSeqs each room's last_seq after the group's increment, for every room of {@link #newPerRoom}
     */
    Sequenced sequence(Map<Key, ChatMessage> stored, Map<UUID, Long> lastSeqs, Instant sentAt, Supplier<UUID> ids) {
        Map<UUID, Long> next = new HashMap<>();
        newPerRoom(stored).forEach((room, count) -> {
            Long last = lastSeqs.get(room);
            if (last == null) {
                throw new IllegalStateException("no last_seq for room " + room);
            }
            next.put(room, last - count + 1);
        });
        Map<Key, ChatMessage> fresh = new HashMap<>();
        List<ChatMessage> inserts = new ArrayList<>();
        List<ChatMessage> answers = new ArrayList<>(posts.size());
        for (Post post : posts) {
            ChatMessage answer = stored.getOrDefault(post.key(), fresh.get(post.key()));
            if (answer == null) {
                long seq = next.merge(post.roomId(), 1L, Long::sum) - 1;
                answer = new ChatMessage(ids.get(), post.roomId(), seq, post.sender().id(), post.sender().name(),
                        post.message().text(), sentAt, post.message().clientMsgId());
                fresh.put(post.key(), answer);
                inserts.add(answer);
            }
            answers.add(answer);
        }
        return new Sequenced(inserts, answers);
    }

    /** A validated post waiting for its group's commit. */
    record Post(UUID roomId, Sender sender, PostMessage message) {

        Key key() {
            return new Key(roomId, sender.id(), message.clientMsgId());
        }
    }

    /** What makes a post idempotent: the unique key (room, sender, clientMsgId). */
    record Key(UUID roomId, String senderId, String clientMsgId) {

        static Key of(ChatMessage message) {
            return new Key(message.roomId(), message.senderId(), message.clientMsgId());
        }
    }

    /**
     * The outcome of numbering a group.
     *
     * @param inserts the new messages, in submission order
     * @param answers one message per post, in the group's order
     */
    record Sequenced(List<ChatMessage> inserts, List<ChatMessage> answers) {
    }
}
