package dev.parley.load.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Message-sized records for one topic, keyed by room id as chat-service keys them, over a few rooms in turn. */
final class MessageRecords {

    private static final int ROOMS = 10;

    private final String topic;

    private final List<UUID> rooms = new ArrayList<>();

    private long seq;

    MessageRecords(String topic) {
        this.topic = topic;
        for (int i = 0; i < ROOMS; i++) {
            this.rooms.add(UUID.randomUUID());
        }
    }

    /** The next record, without a send time. */
    ProducerRecord<String, byte[]> next() {
        this.seq++;
        UUID room = this.rooms.get((int) (this.seq % ROOMS));
        return new ProducerRecord<>(this.topic, room.toString(), SampleMessage.next(room, this.seq).json());
    }

    /** The next record, carrying its scheduled send time in the {@link RecordConsumer#SENT_NANOS} header. */
    ProducerRecord<String, byte[]> next(long sentNanos) {
        ProducerRecord<String, byte[]> record = next();
        record.headers().add(RecordConsumer.SENT_NANOS, RecordConsumer.encode(sentNanos));
        return record;
    }
}
