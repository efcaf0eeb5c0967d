package dev.parley.load.raw;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import dev.parley.load.Latency;
import dev.parley.load.Progress;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Scenario raw-kafka: message-sized records through a fresh one-partition topic, produced and consumed in one JVM —
 * as fast as possible, then on a fixed schedule — the ceiling under chat-service's fan-out.
 */
public final class RawKafkaRoundTrip {

    /** Records sent and consumed before measuring: connections, metadata and a warm JIT. */
    static final int WARM_UP = 1000;

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaOptions options;

    private final Progress progress;

    private final ErrorCounts errors = new ErrorCounts();

    private RawKafkaRoundTrip(KafkaOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Creates the topic, measures throughput and then latency, and deletes the topic again. */
    public static KafkaLimits run(KafkaOptions options, Progress progress) {
        String topic = "parley-raw-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(adminConfig(options))) {
            progress.say("raw-kafka: creating topic %s (1 partition) at %s", topic, options.bootstrap());
            await(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all(), "creating topic " + topic);
            try {
                return new RawKafkaRoundTrip(options, progress).roundTrips(topic);
            }
            finally {
                progress.say("deleting topic %s", topic);
                try {
                    await(admin.deleteTopics(List.of(topic)).all(), "deleting topic " + topic);
                }
                catch (IllegalStateException ex) {
                    progress.say("could not delete topic %s: %s", topic, ex.getMessage());
                }
            }
        }
    }

    private KafkaLimits roundTrips(String topic) {
        MessageRecords records = new MessageRecords(topic);
        int valueBytes = records.next().value().length;
        KafkaProducer<String, byte[]> kafkaProducer = new KafkaProducer<>(producerConfig(this.options),
                new StringSerializer(), new ByteArraySerializer());
        try (InFlightProducer producer = new InFlightProducer(kafkaProducer, this.options.maxInFlight(), this.errors);
                RecordConsumer consumer = RecordConsumer.start(consumerConfig(this.options), topic)) {
            warmUp(producer, consumer, records);
            KafkaThroughput throughput = throughput(producer, consumer, records);
            this.progress.line(throughput.toString());
            KafkaLatency latency = latency(producer, consumer, records);
            this.progress.line(latency.toString());
            return new KafkaLimits(this.options.bootstrap(), topic, this.options.lingerMs(), valueBytes, throughput,
                    latency, this.errors.snapshot());
        }
    }

    private void warmUp(InFlightProducer producer, RecordConsumer consumer, MessageRecords records) {
        this.progress.say("warming up with %d records", WARM_UP);
        for (int i = 0; i < WARM_UP; i++) {
            producer.send(records.next());
        }
        producer.awaitAcks(this.options.drain());
        if (!consumer.awaitConsumed(producer.acked(), this.options.drain()) || producer.acked() < WARM_UP) {
            throw new IllegalStateException("the warm-up records did not make the round trip within "
                    + this.options.drain() + " (" + producer.acked() + " acknowledged, " + consumer.consumed()
                    + " consumed; errors " + this.errors.snapshot() + ")");
        }
    }

    private KafkaThroughput throughput(InFlightProducer producer, RecordConsumer consumer, MessageRecords records) {
        this.progress.say("throughput: %d records, at most %d unacknowledged", this.options.records(),
                this.options.maxInFlight());
        long acked0 = producer.acked();
        long consumed0 = consumer.consumed();
        long start = System.nanoTime();
        for (int i = 0; i < this.options.records(); i++) {
            producer.send(records.next());
        }
        producer.awaitAcks(this.options.drain());
        long acked = producer.acked() - acked0;
        long producedNanos = producer.lastAckNanos() - start;
        awaitConsumed(consumer, consumed0 + acked);
        return KafkaThroughput.of(acked, producedNanos, consumer.consumed() - consumed0, consumer.lastNanos() - start);
    }

    private KafkaLatency latency(InFlightProducer producer, RecordConsumer consumer, MessageRecords records) {
        double rate = this.options.rate();
        this.progress.say("latency: %.0f records/s for %.1f s", rate, this.options.duration().toMillis() / 1000.0);
        long acked0 = producer.acked();
        long consumed0 = consumer.consumed();
        consumer.takeLatencies();
        double interval = 1e9 / rate;
        long total = (long) Math.floor(rate * this.options.duration().toNanos() / 1e9);
        long start = System.nanoTime();
        long sent = 0;
        long skipped = 0;
        long n = 0;
        while (n < total) {
            long due = Math.min(total, (long) ((System.nanoTime() - start) / interval) + 1);
            for (; n < due; n++) {
                // NOTE: the scheduled time, not the moment of sending, so that a stall is measured, not hidden.
                if (producer.trySend(records.next(start + (long) (n * interval)))) {
                    sent++;
                }
                else {
                    skipped++;
                }
            }
            LockSupport.parkNanos(100_000);
        }
        double seconds = Math.round((System.nanoTime() - start) / 1e7) / 100.0;
        producer.awaitAcks(this.options.drain());
        awaitConsumed(consumer, consumed0 + producer.acked() - acked0);
        return new KafkaLatency(rate, seconds, sent, consumer.consumed() - consumed0, skipped,
                Latency.of(consumer.takeLatencies()));
    }

    private void awaitConsumed(RecordConsumer consumer, long count) {
        if (!consumer.awaitConsumed(count, this.options.drain())) {
            this.errors.count("NOT_CONSUMED", count - consumer.consumed());
        }
    }

    static Map<String, Object> producerConfig(KafkaOptions options) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap(),
                ProducerConfig.CLIENT_ID_CONFIG, "parley-raw-producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, options.lingerMs(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    }

    static Map<String, Object> consumerConfig(KafkaOptions options) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap(),
                ConsumerConfig.CLIENT_ID_CONFIG, "parley-raw-consumer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    private static Map<String, Object> adminConfig(KafkaOptions options) {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    }

    private static void await(KafkaFuture<Void> future, String what) {
        try {
            future.get(ADMIN_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException | TimeoutException ex) {
            Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
            throw new IllegalStateException(what + " failed: " + cause, cause);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", ex);
        }
    }
}
