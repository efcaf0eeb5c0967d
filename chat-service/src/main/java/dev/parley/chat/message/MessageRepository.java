package dev.parley.chat.message;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.parley.model.ChatMessage;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Messages and per-room sequence numbers in PostgreSQL. Every read is a keyset read on (room_id, seq). */
@Repository
class MessageRepository {

    private static final String COLUMNS = "id, room_id, seq, sender_id, sender_name, body, sent_at, client_msg_id";

    // NOTE: one statement instead of BEGIN, lookup, upsert, insert, COMMIT: a fifth of the round trips, and on a
    // machine whose cores are busy each round trip waits for both processes to be scheduled.
    private static final String STORE_GROUP = """
            WITH post AS (
                SELECT * FROM unnest(CAST(:rooms AS uuid[]), CAST(:senders AS text[]), CAST(:names AS text[]),
                        CAST(:bodies AS text[]), CAST(:clientMsgIds AS text[]))
                    WITH ORDINALITY AS p(room_id, sender_id, sender_name, body, client_msg_id, ord)
            ), earlier AS (
                SELECT m.* FROM message m
                WHERE (m.room_id, m.sender_id, m.client_msg_id) IN (SELECT room_id, sender_id, client_msg_id FROM post)
            ), fresh AS (
                SELECT DISTINCT ON (p.room_id, p.sender_id, p.client_msg_id) p.* FROM post p
                WHERE NOT EXISTS (SELECT 1 FROM earlier e WHERE e.room_id = p.room_id AND e.sender_id = p.sender_id
                        AND e.client_msg_id = p.client_msg_id)
                ORDER BY p.room_id, p.sender_id, p.client_msg_id, p.ord
            ), counted AS (
                SELECT room_id, count(*) AS n FROM fresh GROUP BY room_id
            ), advanced AS (
                INSERT INTO room_sequence AS s (room_id, last_seq)
                SELECT room_id, n FROM counted ORDER BY room_id
                ON CONFLICT (room_id) DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq
                RETURNING s.room_id, s.last_seq
            ), stamp AS (
                SELECT clock_timestamp() AS sent_at FROM (SELECT count(*) FROM advanced) AS every_room_locked
            ), inserted AS (
                INSERT INTO message (id, room_id, seq, sender_id, sender_name, body, sent_at, client_msg_id)
                SELECT gen_random_uuid(), f.room_id,
                        a.last_seq - c.n + row_number() OVER (PARTITION BY f.room_id ORDER BY f.ord),
                        f.sender_id, f.sender_name, f.body, stamp.sent_at, f.client_msg_id
                FROM fresh f JOIN counted c USING (room_id) JOIN advanced a USING (room_id) CROSS JOIN stamp
                RETURNING id, room_id, seq, sender_id, sender_name, body, sent_at, client_msg_id
            )
            SELECT * FROM inserted
            UNION ALL
            SELECT id, room_id, seq, sender_id, sender_name, body, sent_at, client_msg_id FROM earlier
            """;

    private final DatabaseClient db;

    MessageRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<ChatMessage> findByClientMsgId(UUID roomId, String senderId, String clientMsgId) {
        return db.sql("SELECT " + COLUMNS + " FROM message WHERE room_id = :room AND sender_id = :sender"
                        + " AND client_msg_id = :client")
                .bind("room", roomId).bind("sender", senderId).bind("client", clientMsgId)
                .map(MessageRepository::toMessage)
                .one();
    }

    /**
     * Stores a group of posts with one statement (so in one transaction and one round trip): finds the posts stored
     * before (by their unique key), takes each room's block of seqs from its {@code room_sequence} row (rows locked in
     * room order, one lock order for every instance, so two groups never deadlock), numbers each room's new posts in
     * the order given (a key repeated in the group is stored once, by its first post) and inserts them, all stamped
     * with one sentAt taken once every room is locked. Returns the stored message of every distinct key, in no
     * particular order.
     */
    Flux<ChatMessage> storeGroup(List<CommitGroup.Post> posts) {
        int size = posts.size();
        UUID[] rooms = new UUID[size];
        String[] senders = new String[size];
        String[] names = new String[size];
        String[] bodies = new String[size];
        String[] clientMsgIds = new String[size];
        for (int i = 0; i < size; i++) {
            CommitGroup.Post post = posts.get(i);
            rooms[i] = post.roomId();
            senders[i] = post.sender().id();
            names[i] = post.sender().name();
            bodies[i] = post.message().text();
            clientMsgIds[i] = post.message().clientMsgId();
        }
        return db.sql(STORE_GROUP)
                .bind("rooms", rooms).bind("senders", senders).bind("names", names).bind("bodies", bodies)
                .bind("clientMsgIds", clientMsgIds)
                .map(MessageRepository::toMessage)
                .all();
    }

    /** Messages with afterSeq &lt; seq &lt; beforeSeq, oldest first, at most limit. */
    Flux<ChatMessage> between(UUID roomId, long afterSeq, long beforeSeq, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM message WHERE room_id = :room AND seq > :after AND seq < :before"
                        + " ORDER BY seq ASC LIMIT :limit")
                .bind("room", roomId).bind("after", afterSeq).bind("before", beforeSeq).bind("limit", limit)
                .map(MessageRepository::toMessage)
                .all();
    }

    /** Messages with seq &lt; beforeSeq, newest first, at most limit. */
    Flux<ChatMessage> latestBefore(UUID roomId, long beforeSeq, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM message WHERE room_id = :room AND seq < :before"
                        + " ORDER BY seq DESC LIMIT :limit")
                .bind("room", roomId).bind("before", beforeSeq).bind("limit", limit)
                .map(MessageRepository::toMessage)
                .all();
    }

    private static ChatMessage toMessage(Readable row) {
        return new ChatMessage(row.get("id", UUID.class), row.get("room_id", UUID.class), row.get("seq", Long.class),
                row.get("sender_id", String.class), row.get("sender_name", String.class), row.get("body", String.class),
                row.get("sent_at", Instant.class), row.get("client_msg_id", String.class));
    }
}
