package dev.parley.load.raw;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/**
 * A message the size of a chat message as chat-service stores and publishes it (its {@code ChatMessage}): a row of
 * the {@code message} table, or about 300 bytes of JSON keyed by the room id.
 *
 * @param id the message's id
 * @param roomId its room
 * @param seq its place in the room
 * @param senderId who sent it
 * @param senderName their display name
 * @param text what it says
 * @param sentAt when it was stored
 * @param clientMsgId the sender's idempotency key
 */
record SampleMessage(UUID id, UUID roomId, long seq, String senderId, String senderName, String text,
        Instant sentAt, String clientMsgId) {

    /** A short sentence, as most chat messages are. */
    static final String TEXT = "Sounds good to me, see you all at the stand-up tomorrow at nine! I'll bring coffee.";

    /** Columns of chat-service's {@code message} table, in the order {@link #bind} sets them. */
    static final String COLUMNS = "id, room_id, seq, sender_id, sender_name, body, sent_at, client_msg_id";

    static final int COLUMN_COUNT = 8;

    static SampleMessage next(UUID roomId, long seq) {
        return new SampleMessage(UUID.randomUUID(), roomId, seq, "load-1", "Load One", TEXT, Instant.now(),
                "m-" + seq);
    }

    /** Sets the {@code row}-th (from 0) group of {@link #COLUMN_COUNT} parameters of a multi-row INSERT. */
    void bind(PreparedStatement insert, int row) throws SQLException {
        int first = row * COLUMN_COUNT;
        insert.setObject(first + 1, this.id);
        insert.setObject(first + 2, this.roomId);
        insert.setLong(first + 3, this.seq);
        insert.setString(first + 4, this.senderId);
        insert.setString(first + 5, this.senderName);
        insert.setString(first + 6, this.text);
        insert.setObject(first + 7, OffsetDateTime.ofInstant(this.sentAt, ZoneOffset.UTC));
        insert.setString(first + 8, this.clientMsgId);
    }

    /** The record value chat-service would publish for it. */
    byte[] json() {
        return JsonMapper.shared().writeValueAsBytes(this);
    }

    /** {@code INSERT INTO message (...) VALUES (?, ...), ...} with {@code rows} rows. */
    static String insertSql(int rows) {
        String row = "(" + "?, ".repeat(COLUMN_COUNT - 1) + "?)";
        StringBuilder sql = new StringBuilder("INSERT INTO message (" + COLUMNS + ") VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append((i == 0) ? "" : ", ").append(row);
        }
        return sql.toString();
    }
}
