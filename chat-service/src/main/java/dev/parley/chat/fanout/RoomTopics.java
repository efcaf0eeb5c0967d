package dev.parley.chat.fanout;

import java.util.List;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import reactor.core.publisher.Mono;

/** Creates the topics of the layout when missing (idempotent); remembers, boundedly, which exist. */
final class RoomTopics {

    private final Admin admin;

    private final TopicLayout layout;

    private final Cache<String, Boolean> known;

    RoomTopics(Admin admin, TopicLayout layout, int knownTopicsMax) {
        this.admin = admin;
        this.layout = layout;
        this.known = Caffeine.newBuilder().maximumSize(knownTopicsMax).build();
    }

    TopicLayout layout() {
        return layout;
    }

    /** Completes once the room's topic exists. */
    Mono<Void> ensure(UUID roomId) {
        return ensure(layout.topicOf(roomId));
    }

    /** Completes once the topic exists, creating it as the layout says if it does not. */
    Mono<Void> ensure(String topic) {
        return ensure(layout.newTopic(topic));
    }

    /** Completes once the topic exists, creating it as given if it does not. */
    Mono<Void> ensure(NewTopic topic) {
        if (known.getIfPresent(topic.name()) != null) {
            return Mono.empty();
        }
        return Mono.fromCompletionStage(() -> admin.createTopics(List.of(topic)).all().toCompletionStage())
                .onErrorResume(RoomTopics::alreadyExists, exists -> Mono.empty())
                .then(Mono.fromRunnable(() -> known.put(topic.name(), Boolean.TRUE)));
    }

    private static boolean alreadyExists(Throwable error) {
        return error instanceof TopicExistsException || error.getCause() instanceof TopicExistsException;
    }
}
