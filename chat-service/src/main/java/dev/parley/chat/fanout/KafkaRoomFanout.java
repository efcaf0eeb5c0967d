package dev.parley.chat.fanout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.model.ChatMessage;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.kafka.receiver.observation.KafkaRecordReceiverContext;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * {@link RoomFanout} on Kafka through reactor-kafka. Records are keyed by room id, in the topic the
 * {@link TopicLayout} names (one per room, or one shared); one consumer per instance reads every room's records and
 * dispatches them to this instance's subscribers. A message published here reaches this instance's subscribers at
 * once, without the broker's round trip; its record, marked with this instance's origin, is skipped when it comes
 * back.
 */
final class KafkaRoomFanout implements RoomFanout, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaRoomFanout.class);

    private static final Duration STARTUP_MARGIN = Duration.ofSeconds(10);

    private static final String ORIGIN_HEADER = "parley-origin";

    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final SenderOptions<String, byte[]> senderOptions;

    // NOTE: created on start, closed on stop, so the bean survives a stop/start (Spring's test context pausing).
    private volatile KafkaSender<String, byte[]> sender;

    private final ReceiverOptions<String, byte[]> receiverOptions;

    private final RoomTopics topics;

    private final RoomFeeds feeds = new RoomFeeds();

    private final JsonMapper json;

    private final TopicLayout layout;

    private final Duration sendTimeout;

    private final AtomicBoolean firstAssignment = new AtomicBoolean(true);

    private volatile Disposable receiving;

    private final Timer fanoutDelay;

    private final ObservationRegistry observations;

    private final String bootstrapServers;

    // NOTE: new per start of the JVM: records of an earlier run of this instance were not dispatched by this one.
    private final byte[] origin = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);

    KafkaRoomFanout(SenderOptions<String, byte[]> senderOptions, ReceiverOptions<String, byte[]> receiverOptions,
            RoomTopics topics, JsonMapper json, FanoutProperties properties, Timer fanoutDelay,
            ObservationRegistry observations) {
        this.senderOptions = senderOptions;
        this.observations = observations;
        this.bootstrapServers = properties.bootstrapServers();
        this.fanoutDelay = fanoutDelay;
        this.topics = topics;
        this.json = json;
        this.layout = topics.layout();
        this.sendTimeout = properties.sendTimeout();
        this.receiverOptions = layout.subscribe(receiverOptions)
                .addAssignListener(partitions -> {
                    // NOTE: history from before this instance started comes from PostgreSQL, so the first assignment
                    // starts near the end; "near" (start time minus a margin, by record timestamp) so that a room
                    // created while this consumer was still joining keeps its first messages. Partitions found
                    // later (new rooms) start at the beginning (auto.offset.reset=earliest); after a restart of the
                    // receive loop, at the group's committed offsets. Duplicates are harmless.
                    if (firstAssignment.compareAndSet(true, false)) {
                        long since = System.currentTimeMillis() - STARTUP_MARGIN.toMillis();
                        partitions.forEach(partition -> partition.seekToTimestamp(since));
                    }
                });
    }

    /**
     * Hands the message to this instance's subscribers at once, then to the broker for the other instances. The
     * message is committed already, so delivering it before the broker accepts it shows nothing that could be undone;
     * if the broker refuses it, the client's retry publishes it again, and subscribers drop the repeat by seq.
     */
    @Override
    public Mono<Void> publish(ChatMessage message) {
        String topic = layout.topicOf(message.roomId());
        return Mono.fromCallable(() -> {
                    feeds.dispatch(message);
                    return json.writeValueAsBytes(message);
                })
                .flatMap(value -> topics.ensure(topic).then(openSender())
                        .flatMap(open -> open.send(Mono.just(SenderRecord.create(record(topic, message, value),
                                message.seq()))).next()))
                .flatMap(result -> result.exception() == null ? Mono.<Void>empty() : Mono.error(result.exception()))
                .timeout(sendTimeout);
    }

    private ProducerRecord<String, byte[]> record(String topic, ChatMessage message, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, message.roomId().toString(), value);
        record.headers().add(ORIGIN_HEADER, origin);
        return record;
    }

    private Mono<KafkaSender<String, byte[]>> openSender() {
        return Mono.defer(() -> {
            KafkaSender<String, byte[]> open = sender;
            return open == null ? Mono.error(new IllegalStateException("the Kafka sender is closed")) : Mono.just(open);
        });
    }

    @Override
    public Flux<ChatMessage> live(UUID roomId) {
        return feeds.live(roomId);
    }

    // NOTE: started before the RSocket server accepts streams and stopped after it (lower phase), so no stream
    // subscribes to a feed that nobody fills, and posts in flight still find the sender open.
    @Override
    public int getPhase() {
        return PHASE;
    }

    // NOTE: the consumer reconnects by itself when the broker comes back (the receive flux does not fail on a lost
    // connection); the retry covers what does fail it (e.g. a commit that keeps failing), and a restarted loop
    // resumes at the group's committed offsets.
    @Override
    public void start() {
        if (sender == null) {
            sender = KafkaSender.create(senderOptions);
        }
        Mono<Void> ready = layout instanceof TopicLayout.Shared shared ? topics.ensure(shared.topic()) : Mono.empty();
        receiving = ready.thenMany(Flux.defer(() -> KafkaReceiver.create(receiverOptions).receive()))
                .doOnNext(this::dispatch)
                .doOnError(error -> log.warn("Kafka receive loop failed, restarting: {}", error.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .transientErrors(true))
                .subscribe(record -> { }, error -> log.error("Kafka receive loop stopped", error));
    }

    private void dispatch(ReceiverRecord<String, byte[]> record) {
        try {
            recordDelay(record);
            UUID roomId = UUID.fromString(record.key());
            if (!isOwn(record) && feeds.isWatched(roomId)) {
                // The delivery continues the trace of the post that published the record (its headers).
                Observation.createNotStarted("parley.message.deliver",
                        () -> new KafkaRecordReceiverContext(record, "parley-fanout", bootstrapServers), observations)
                        .contextualName("deliver message")
                        .observe(() -> deliver(record));
            }
        }
        catch (RuntimeException unreadable) {
            log.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    unreadable.toString());
        }
        record.receiverOffset().acknowledge();
    }

    // NOTE: by the record's timestamp (set when it was published, right after the commit), so that records this
    // instance skips are measured too, without decoding them.
    private void recordDelay(ReceiverRecord<String, byte[]> record) {
        long delayMs = System.currentTimeMillis() - record.timestamp();
        if (delayMs >= 0) {
            fanoutDelay.record(delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Published by this instance, which has dispatched it already. */
    private boolean isOwn(ReceiverRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(ORIGIN_HEADER);
        return header != null && Arrays.equals(header.value(), origin);
    }

    /** Hands a record's message to the streams of its room on this instance. */
    private void deliver(ReceiverRecord<String, byte[]> record) {
        feeds.dispatch(json.readValue(record.value(), ChatMessage.class));
    }

    /**
     * Runs after the drain of posts in flight (see {@code dev.parley.chat.message.ShutdownDrain}): cancelling the
     * receive loop makes reactor-kafka commit the acknowledged offsets and leave the group; closing the sender
     * flushes what it still holds (bounded by its close timeout).
     */
    @Override
    public void stop() {
        Disposable current = receiving;
        if (current != null) {
            current.dispose();
        }
        KafkaSender<String, byte[]> open = sender;
        sender = null;
        if (open != null) {
            open.close();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable current = receiving;
        return current != null && !current.isDisposed();
    }
}
