package dev.parley.load.raw;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SampleMessageTest {

    @Test
    void jsonIsAboutThreeHundredBytesWithChatServicesFields() {
        UUID room = UUID.randomUUID();

        byte[] json = SampleMessage.next(room, 12345).json();

        assertThat(json.length).isBetween(270, 330);
        JsonNode tree = JsonMapper.shared().readTree(json);
        assertThat(tree.path("roomId").asString()).isEqualTo(room.toString());
        assertThat(tree.path("seq").asLong()).isEqualTo(12345);
        assertThat(tree.path("sentAt").isString()).isTrue();
        assertThat(tree.propertyNames()).containsExactly("id", "roomId", "seq", "senderId", "senderName", "text",
                "sentAt", "clientMsgId");
    }

    @Test
    void insertSqlHasOneGroupOfParametersPerRow() {
        String sql = SampleMessage.insertSql(3);

        assertThat(sql).startsWith("INSERT INTO message (id, room_id, seq, sender_id, sender_name, body, sent_at, "
                + "client_msg_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?), (");
        assertThat(sql.chars().filter((c) -> c == '?').count()).isEqualTo(3 * SampleMessage.COLUMN_COUNT);
        assertThat(sql.split("\\), \\(")).hasSize(3);
    }

    @Test
    void insertSqlNamesEveryColumnOfTheTable() {
        for (String column : SampleMessage.COLUMNS.split(", ")) {
            assertThat(ScratchDatabase.MESSAGE_TABLE).containsPattern("\\n\\s+" + column + "\\s");
        }
        assertThat(SampleMessage.COLUMNS.split(", ")).hasSize(SampleMessage.COLUMN_COUNT);
    }
}
