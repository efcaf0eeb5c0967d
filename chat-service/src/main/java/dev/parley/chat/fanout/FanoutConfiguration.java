package dev.parley.chat.fanout;

import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.sender.SenderOptions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Kafka clients for the room fan-out. */
@Configuration(proxyBeanMethods = false)
class FanoutConfiguration {

    @Bean(destroyMethod = "close")
    Admin fanoutAdmin(FanoutProperties properties) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) properties.sendTimeout().toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) properties.sendTimeout().toMillis()));
    }

    @Bean
    KafkaRoomFanout roomFanout(Admin fanoutAdmin, JsonMapper json, FanoutProperties properties) {
        int timeoutMs = (int) properties.sendTimeout().toMillis();
        SenderOptions<String, byte[]> sender = SenderOptions.<String, byte[]>create(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 5_000),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, 5_000),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        ReceiverOptions<String, byte[]> receiver = ReceiverOptions.<String, byte[]>create(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                // NOTE: a group of its own, so every instance receives every room's messages.
                ConsumerConfig.GROUP_ID_CONFIG, "chat-service-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) properties.topicDiscoveryInterval().toMillis(),
                // NOTE: cooperative rebalancing keeps already assigned rooms in place when a new room topic appears.
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        RoomTopics topics = new RoomTopics(fanoutAdmin, properties.replicationFactor(), properties.knownTopicsMax());
        return new KafkaRoomFanout(sender, receiver, topics, json, properties);
    }
}
