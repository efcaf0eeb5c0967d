package dev.parley.testsupport;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real, in-process KRaft Kafka broker per test JVM, started on first use and stopped when the JVM exits, so
 * that test classes share it instead of paying for a broker each.
 */
public final class SharedKafka {

    private static EmbeddedKafkaKraftBroker broker;

    private SharedKafka() {
    }

    /** The broker's bootstrap servers, starting the broker if this is the first call in this JVM. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 1);
            started.brokerProperty("auto.create.topics.enable", "false");
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "shared-kafka-stop"));
            broker = started;
        }
        return broker.getBrokersAsString();
    }
}
