package dev.parley.chat.message;

import java.time.Instant;
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
