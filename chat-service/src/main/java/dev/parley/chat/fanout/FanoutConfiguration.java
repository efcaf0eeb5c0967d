package dev.parley.chat.fanout;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.kafka.receiver.MicrometerConsumerListener;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.sender.MicrometerProducerListener;
import reactor.kafka.sender.SenderOptions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Kafka clients for the room fan-out, in the topic layout the configuration chooses. */
@Configuration(proxyBeanMethods = false)
class FanoutConfiguration {

    @Bean(destroyMethod = "close")
    Admin fanoutAdmin(FanoutProperties properties) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) properties.sendTimeout().toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) properties.sendTimeout().toMillis()));
    }

    @Bean
    RoomTopics roomTopics(Admin fanoutAdmin, FanoutProperties properties) {
        return new RoomTopics(fanoutAdmin, TopicLayout.of(properties), properties.knownTopicsMax());
    }

    @Bean
    KafkaRoomFanout roomFanout(RoomTopics roomTopics, JsonMapper json, FanoutProperties properties,
            MeterRegistry registry, ObservationRegistry observations) {
        int timeoutMs = (int) properties.sendTimeout().toMillis();
        SenderOptions<String, byte[]> sender = SenderOptions.<String, byte[]>create(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 5_000),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, 5_000),
                // NOTE: set explicitly: kafka-clients 4 defaults to 5 ms, added to the delivery of every message.
                ProducerConfig.LINGER_MS_CONFIG, properties.linger().toMillis(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))
                .closeTimeout(properties.sendTimeout());
        ReceiverOptions<String, byte[]> receiver = ReceiverOptions.<String, byte[]>create(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                // NOTE: a group of its own, so every instance receives every room's messages.
                ConsumerConfig.GROUP_ID_CONFIG, "chat-service-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) properties.topicDiscoveryInterval().toMillis(),
                // NOTE: cooperative rebalancing keeps already assigned rooms in place when a new room topic appears.
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))
                .closeTimeout(properties.sendTimeout())
                // The client's own metrics, records-lag among them (docs/operations.md, "Metrics").
                .consumerListener(new MicrometerConsumerListener(registry));
        Timer fanoutDelay = Timer.builder("parley.chat.fanout.delay")
                .description("From a message's publishing to Kafka to its arrival in this instance")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        // NOTE: an observed sender writes the post's trace context (traceparent) into each record's headers, and the
        // receive side continues that trace in a delivery span (KafkaRoomFanout.dispatch).
        return new KafkaRoomFanout(sender.producerListener(new MicrometerProducerListener(registry))
                .withObservation(observations), receiver, roomTopics, json, properties, fanoutDelay, observations);
    }

    @Bean
    RoomTopicCreator roomTopicCreator(RoomTopics roomTopics, JsonMapper json, FanoutProperties properties) {
        ReceiverOptions<String, String> receiver = ReceiverOptions.<String, String>create(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, properties.roomEventsGroup(),
                // NOTE: the group's first start reads every room announced so far (creating a topic is idempotent).
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) properties.topicDiscoveryInterval().toMillis(),
                // NOTE: a killed instance's share is handed over after this long (the topic is ensured on publish
                // meanwhile).
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))
                .closeTimeout(properties.sendTimeout());
        NewTopic events = new NewTopic(properties.roomEventsTopic(), 1, (short) properties.replicationFactor());
        return new RoomTopicCreator(receiver, events, roomTopics, json);
    }
}
