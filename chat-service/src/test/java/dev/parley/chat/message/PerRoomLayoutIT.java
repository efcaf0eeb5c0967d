package dev.parley.chat.message;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.testsupport.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The default layout, one topic per room, in the context every other integration test shares. */
class PerRoomLayoutIT extends TopicLayoutContract {

    @Autowired
    Admin admin;

    @Override
    String topicOf(UUID room) {
        return "parley.room." + room;
    }

    @Test
    void roomCreatedEventWhenPublishedByRoomServiceThenTheRoomsTopicExistsBeforeAnyMessage() throws Exception {
        UUID room = UUID.randomUUID();
        String event = "{\"room\":{\"id\":\"" + room + "\",\"name\":\"fresh\",\"createdBy\":\"alice\","
                + "\"createdAt\":\"2025-01-01T00:00:00Z\"}}";

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            // NOTE: chat-service creates the events topic at start-up when room-service has not yet.
            await().atMost(TIMEOUT).until(() -> admin.listTopics().names().get().contains("parley.room-events"));
            producer.send(new ProducerRecord<>("parley.room-events", room.toString(),
                    event)).get();
        }

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(admin.listTopics().names().get())
                .contains("parley.room." + room));
        assertThat(admin.describeTopics(List.of("parley.room." + room)).allTopicNames().get()
                .get("parley.room." + room).partitions()).hasSize(1);
    }
}
