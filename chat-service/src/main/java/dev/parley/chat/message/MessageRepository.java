package dev.parley.chat.message;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;
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

    /** The room's next seq. Holds the room's row lock until the transaction ends, serializing its posts. */
    Mono<Long> nextSeq(UUID roomId) {
        return db.sql("INSERT INTO room_sequence (room_id, last_seq) VALUES (:room, 1) ON CONFLICT (room_id)"
                        + " DO UPDATE SET last_seq = room_sequence.last_seq + 1 RETURNING last_seq")
                .bind("room", roomId)
                .map(row -> row.get("last_seq", Long.class))
                .one();
    }

    Mono<Void> insert(ChatMessage message) {
        return db.sql("INSERT INTO message (" + COLUMNS + ") VALUES (:id, :room, :seq, :sender, :name, :body, :sentAt,"
                        + " :client)")
                .bind("id", message.id()).bind("room", message.roomId()).bind("seq", message.seq())
                .bind("sender", message.senderId()).bind("name", message.senderName()).bind("body", message.text())
                .bind("sentAt", message.sentAt()).bind("client", message.clientMsgId())
                .then();
    }

    /** The stored messages with any of these keys, by one lookup that the unique key's index serves. */
    Flux<ChatMessage> findByKeys(Collection<CommitGroup.Key> keys) {
        if (keys.isEmpty()) {
            return Flux.empty();
        }
        StringJoiner rows = new StringJoiner(", ");
        Map<String, Object> values = new LinkedHashMap<>();
        int i = 0;
        for (CommitGroup.Key key : keys) {
            rows.add("(:room" + i + ", :sender" + i + ", :client" + i + ")");
            values.put("room" + i, key.roomId());
            values.put("sender" + i, key.senderId());
            values.put("client" + i, key.clientMsgId());
            i++;
        }
        return db.sql("SELECT " + COLUMNS + " FROM message WHERE (room_id, sender_id, client_msg_id) IN (" + rows + ")")
                .bindValues(values)
                .map(MessageRepository::toMessage)
                .all();
    }

    /**
     * Adds each room's count to its last seq (a new room starts at 0) and returns every room's new last seq. Locks
     * the rooms' rows in the map's order until the transaction ends; give them in {@link CommitGroup#LOCK_ORDER}.
     */
    Mono<Map<UUID, Long>> advanceSeqs(SortedMap<UUID, Integer> countPerRoom) {
        StringJoiner rows = new StringJoiner(", ");
        Map<String, Object> values = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<UUID, Integer> room : countPerRoom.entrySet()) {
            rows.add("(:room" + i + ", :count" + i + ")");
            values.put("room" + i, room.getKey());
            values.put("count" + i, room.getValue().longValue());
            i++;
        }
        // NOTE: PostgreSQL takes the row locks in VALUES order, so the sorted rooms are one lock order for everyone.
        return db.sql("INSERT INTO room_sequence AS s (room_id, last_seq) VALUES " + rows + " ON CONFLICT (room_id)"
                        + " DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq RETURNING room_id, last_seq")
                .bindValues(values)
                .map(row -> Map.entry(row.get("room_id", UUID.class), row.get("last_seq", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Inserts the messages with one statement. */
    Mono<Void> insertAll(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            return Mono.empty();
        }
        StringJoiner rows = new StringJoiner(", ");
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            rows.add("(:id" + i + ", :room" + i + ", :seq" + i + ", :sender" + i + ", :name" + i + ", :body" + i
                    + ", :sentAt" + i + ", :client" + i + ")");
            values.put("id" + i, message.id());
            values.put("room" + i, message.roomId());
            values.put("seq" + i, message.seq());
            values.put("sender" + i, message.senderId());
            values.put("name" + i, message.senderName());
            values.put("body" + i, message.text());
            values.put("sentAt" + i, message.sentAt());
            values.put("client" + i, message.clientMsgId());
        }
        return db.sql("INSERT INTO message (" + COLUMNS + ") VALUES " + rows).bindValues(values).then();
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
