package dev.parley.load.raw;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer polling the topic's one partition on a thread of its own: counts the records and, for those that carry
 * their scheduled send time, records produce → consume latency.
 */
final class RecordConsumer implements AutoCloseable {

    /** The header holding a record's scheduled send time ({@link System#nanoTime}, 8 bytes): one JVM, one clock. */
    static final String SENT_NANOS = "sent-nanos";

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> consumer;

    private final Recorder latencies = new Recorder(3);

    private final AtomicLong consumed = new AtomicLong();

    private final Thread thread;

    private volatile long lastNanos;

    private volatile boolean stopping;

    private volatile RuntimeException failure;

    private RecordConsumer(KafkaConsumer<String, byte[]> consumer) {
        this.consumer = consumer;
        this.thread = new Thread(this::poll, "raw-kafka-consumer");
        this.thread.setDaemon(true);
    }

    static RecordConsumer start(Map<String, Object> config, String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
        // NOTE: assigned, not subscribed: no group to join, so nothing waits for a rebalance.
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        RecordConsumer started = new RecordConsumer(consumer);
        started.thread.start();
        return started;
    }

    static byte[] encode(long nanos) {
        return ByteBuffer.allocate(Long.BYTES).putLong(nanos).array();
    }

    private void poll() {
        try {
            while (!this.stopping) {
                ConsumerRecords<String, byte[]> records = this.consumer.poll(POLL);
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    Header sent = record.headers().lastHeader(SENT_NANOS);
                    if (sent != null) {
                        long nanos = now - ByteBuffer.wrap(sent.value()).getLong();
                        this.latencies.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
                    }
                }
                if (!records.isEmpty()) {
                    this.lastNanos = now;
                    this.consumed.addAndGet(records.count());
                }
            }
        }
        catch (WakeupException ex) {
            // NOTE: how close() ends a poll in progress.
        }
        catch (RuntimeException ex) {
            this.failure = ex;
        }
        finally {
            this.consumer.close();
        }
    }

    long consumed() {
        return this.consumed.get();
    }

    /** When the latest records arrived ({@link System#nanoTime}). */
    long lastNanos() {
        return this.lastNanos;
    }

    /** Waits until {@code count} records in all have arrived; false if they have not within {@code timeout}. */
    boolean awaitConsumed(long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (this.consumed.get() < count && System.nanoTime() < deadline) {
            if (this.failure != null) {
                throw new IllegalStateException("the consumer failed: " + this.failure.getMessage(), this.failure);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return this.consumed.get() >= count;
    }

    /** The latencies (µs) recorded since the last call. */
    Histogram takeLatencies() {
        return this.latencies.getIntervalHistogram();
    }

    @Override
    public void close() {
        this.stopping = true;
        this.consumer.wakeup();
        try {
            this.thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
