package dev.parley.chat.fanout;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class TopicLayoutTest {

    private final UUID room = UUID.fromString("00000000-0000-0000-0000-000000000001");

    @Test
    void layoutWhenNotConfiguredThenOneSinglePartitionTopicPerRoom() {
        TopicLayout layout = TopicLayout.of(bind(Map.of()));

        assertThat(layout).isInstanceOf(TopicLayout.PerRoom.class);
        assertThat(layout.topicOf(room)).isEqualTo("parley.room.00000000-0000-0000-0000-000000000001");
        assertThat(layout.topicOf(UUID.randomUUID())).isNotEqualTo(layout.topicOf(room));
        assertThat(layout.newTopic(layout.topicOf(room)).numPartitions()).isEqualTo(1);
        assertThat(layout.newTopic(layout.topicOf(room)).replicationFactor()).isEqualTo((short) 1);
    }

    @Test
    void layoutWhenSharedThenEveryRoomUsesTheOneTopicWithItsPartitionsAndReplication() {
        TopicLayout layout = TopicLayout.of(bind(Map.of("parley.chat.kafka.topic-layout", "shared",
                "parley.chat.kafka.shared-topic-partitions", "6", "parley.chat.kafka.replication-factor", "3")));

        assertThat(layout).isInstanceOf(TopicLayout.Shared.class);
        assertThat(layout.topicOf(room)).isEqualTo("parley.messages").isEqualTo(layout.topicOf(UUID.randomUUID()));
        assertThat(layout.newTopic("parley.messages").numPartitions()).isEqualTo(6);
        assertThat(layout.newTopic("parley.messages").replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void layoutWhenWrittenAsAnEnvironmentVariableWouldBeThenBoundLeniently() {
        assertThat(bind(Map.of("parley.chat.kafka.topic-layout", "PER_ROOM")).topicLayout())
                .isEqualTo(TopicLayout.Kind.PER_ROOM);
        assertThat(bind(Map.of("parley.chat.kafka.topic-layout", "Shared")).topicLayout())
                .isEqualTo(TopicLayout.Kind.SHARED);
    }

    private static FanoutProperties bind(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("parley.chat.kafka.bootstrap-servers", "127.0.0.1:9092");
        return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("parley.chat.kafka",
                FanoutProperties.class);
    }
}
