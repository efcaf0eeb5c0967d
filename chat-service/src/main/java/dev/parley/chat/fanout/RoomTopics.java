package dev.parley.chat.fanout;

import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import reactor.core.publisher.Mono;

/** Creates a room's topic before this instance first publishes to it; remembers (boundedly) which exist. */
final class RoomTopics {

    private final Admin admin;

    private final short replicationFactor;

    private final Cache<String, Boolean> known;

    RoomTopics(Admin admin, int replicationFactor, int knownTopicsMax) {
        this.admin = admin;
        this.replicationFactor = (short) replicationFactor;
        this.known = Caffeine.newBuilder().maximumSize(knownTopicsMax).build();
    }

    Mono<Void> ensure(String topic) {
        if (known.getIfPresent(topic) != null) {
            return Mono.empty();
        }
        // NOTE: one partition per room topic, so Kafka keeps a room's messages in publish order.
        NewTopic newTopic = new NewTopic(topic, 1, replicationFactor);
        return Mono.fromCompletionStage(() -> admin.createTopics(List.of(newTopic)).all().toCompletionStage())
                .onErrorResume(RoomTopics::alreadyExists, exists -> Mono.empty())
                .then(Mono.fromRunnable(() -> known.put(topic, Boolean.TRUE)));
    }

    private static boolean alreadyExists(Throwable error) {
        return error instanceof TopicExistsException || error.getCause() instanceof TopicExistsException;
    }
}
