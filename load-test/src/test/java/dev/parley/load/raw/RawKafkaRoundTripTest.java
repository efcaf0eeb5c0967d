package dev.parley.load.raw;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawKafkaRoundTripTest {

    private final KafkaOptions options = new KafkaOptions("broker:9092", 3, 1000, 100, 2000, Duration.ofSeconds(10),
            Duration.ofSeconds(15));

    @Test
    void producerIsDurableAndIdempotentAsChatServicesWithTheGivenLinger() {
        assertThat(RawKafkaRoundTrip.producerConfig(this.options)).containsEntry("bootstrap.servers", "broker:9092")
            .containsEntry("acks", "all")
            .containsEntry("enable.idempotence", true)
            .containsEntry("linger.ms", 3);
    }

    @Test
    void consumerReadsFromTheStartWithoutAGroup() {
        assertThat(RawKafkaRoundTrip.consumerConfig(this.options)).containsEntry("auto.offset.reset", "earliest")
            .containsEntry("enable.auto.commit", false)
            .doesNotContainKey("group.id");
    }

    @Test
    void throughputWhenNothingArrivedThenZeroRatherThanNotANumber() {
        KafkaThroughput none = KafkaThroughput.of(0, -5, 0, -5);

        assertThat(none.producedPerSecond()).isZero();
        assertThat(none.consumedPerSecond()).isZero();
        assertThat(KafkaThroughput.of(1000, 500_000_000, 1000, 400_000_000).consumedPerSecond()).isEqualTo(2500);
    }
}
