package dev.parley.load.raw;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/** A producer that keeps at most so many records unacknowledged by the broker, and counts what it acknowledged. */
final class InFlightProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    private final int maxInFlight;

    private final Semaphore permits;

    private final ErrorCounts errors;

    private final LongAdder acked = new LongAdder();

    private volatile long lastAckNanos;

    InFlightProducer(KafkaProducer<String, byte[]> producer, int maxInFlight, ErrorCounts errors) {
        this.producer = producer;
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.errors = errors;
    }

    /** Sends, first waiting while {@code maxInFlight} records are unacknowledged. */
    void send(ProducerRecord<String, byte[]> record) {
        this.permits.acquireUninterruptibly();
        sendHoldingPermit(record);
    }

    /** Sends unless {@code maxInFlight} records are unacknowledged; false if it did not. */
    boolean trySend(ProducerRecord<String, byte[]> record) {
        if (!this.permits.tryAcquire()) {
            return false;
        }
        sendHoldingPermit(record);
        return true;
    }

    private void sendHoldingPermit(ProducerRecord<String, byte[]> record) {
        try {
            this.producer.send(record, this::completed);
        }
        catch (KafkaException ex) {
            this.permits.release();
            this.errors.count("KAFKA_" + ex.getClass().getSimpleName(), 1);
        }
    }

    private void completed(RecordMetadata metadata, Exception failure) {
        if (failure == null) {
            this.lastAckNanos = System.nanoTime();
            this.acked.increment();
        }
        else {
            this.errors.count("KAFKA_" + failure.getClass().getSimpleName(), 1);
        }
        this.permits.release();
    }

    /** Waits until nothing is unacknowledged; what still is after {@code timeout} counts as NOT_ACKED. */
    void awaitAcks(Duration timeout) {
        try {
            if (this.permits.tryAcquire(this.maxInFlight, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                this.permits.release(this.maxInFlight);
                return;
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.errors.count("NOT_ACKED", this.maxInFlight - this.permits.availablePermits());
    }

    long acked() {
        return this.acked.sum();
    }

    /** When the latest acknowledgement arrived ({@link System#nanoTime}). */
    long lastAckNanos() {
        return this.lastAckNanos;
    }

    @Override
    public void close() {
        this.producer.close(Duration.ofSeconds(5));
    }
}
