package dev.parley.chat.fanout;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.NewTopic;
import reactor.kafka.receiver.ReceiverOptions;

/**
 * Where a room's messages live in Kafka. Records are always keyed by room id, so either way a room's records stay
 * in one partition, in publish order.
 */
sealed interface TopicLayout {

    /** The values of {@code parley.chat.kafka.topic-layout}. */
    enum Kind {
        PER_ROOM, SHARED
    }

    String topicOf(UUID roomId);

    /** The topic to create when {@code topic} is missing. */
    NewTopic newTopic(String topic);

    /** The options, subscribed to every topic of this layout. */
    <K, V> ReceiverOptions<K, V> subscribe(ReceiverOptions<K, V> options);

    static TopicLayout of(FanoutProperties properties) {
        short replicationFactor = (short) properties.replicationFactor();
        return switch (properties.topicLayout()) {
            case PER_ROOM -> new PerRoom(properties.roomTopicPrefix(), replicationFactor);
            case SHARED -> new Shared(properties.sharedTopic(), properties.sharedTopicPartitions(), replicationFactor);
        };
    }

    /** One topic per room, prefix + room id, one partition; consumers find new rooms by pattern subscription. */
    record PerRoom(String prefix, short replicationFactor) implements TopicLayout {

        @Override
        public String topicOf(UUID roomId) {
            return prefix + roomId;
        }

        @Override
        public NewTopic newTopic(String topic) {
            return new NewTopic(topic, 1, replicationFactor);
        }

        @Override
        public <K, V> ReceiverOptions<K, V> subscribe(ReceiverOptions<K, V> options) {
            return options.subscription(Pattern.compile(Pattern.quote(prefix) + ".*"));
        }
    }

    /** One topic for all rooms with a fixed partition count; the room id key picks the partition. */
    record Shared(String topic, int partitions, short replicationFactor) implements TopicLayout {

        @Override
        public String topicOf(UUID roomId) {
            return topic;
        }

        @Override
        public NewTopic newTopic(String name) {
            return new NewTopic(name, partitions, replicationFactor);
        }

        @Override
        public <K, V> ReceiverOptions<K, V> subscribe(ReceiverOptions<K, V> options) {
            return options.subscription(List.of(topic));
        }
    }
}
