package dev.parley.chat.message;

import java.util.List;
import java.util.UUID;

import dev.parley.model.PostMessage;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared layout (one topic keyed by room id) in a second context, the only one with this setting. */
@TestPropertySource(properties = { "parley.chat.kafka.topic-layout=shared",
        "parley.chat.kafka.shared-topic=parley.messages.it", "parley.chat.kafka.shared-topic-partitions=4" })
class SharedLayoutIT extends TopicLayoutContract {

    @Autowired
    Admin admin;

    @Override
    String topicOf(UUID room) {
        return "parley.messages.it";
    }

    @Test
    void postWhenSharedLayoutThenTheMessageGoesToTheSharedTopicAndNoRoomTopicIsCreated() throws Exception {
        UUID room = UUID.randomUUID();

        messages.post(room, new Sender("carol-id", "Carol"), new PostMessage("s-1", "shared")).block(TIMEOUT);

        assertThat(admin.listTopics().names().get()).contains("parley.messages.it")
                .doesNotContain("parley.room." + room);
        assertThat(admin.describeTopics(List.of("parley.messages.it")).allTopicNames().get()
                .get("parley.messages.it").partitions()).hasSize(4);
    }
}
