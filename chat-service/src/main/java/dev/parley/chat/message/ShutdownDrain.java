package dev.parley.chat.message;

import java.time.Duration;
import java.util.function.Supplier;

import dev.parley.model.ErrorCode;
import dev.parley.model.MessageRoutes;
import dev.parley.model.ParleyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * What a stopping instance does before its servers and Kafka clients stop (on SIGTERM the context publishes
 * {@link ContextClosedEvent} before it stops any lifecycle bean, the RSocket server and the Kafka fan-out included):
 * <ol>
 * <li>new posts and streams are refused with SERVICE_UNAVAILABLE (retryable: gateways and clients try again, and
 * the load balancer picks another instance);</li>
 * <li>open room streams end with SERVICE_UNAVAILABLE, which gateways answer by resuming the stream elsewhere from
 * the last seq they delivered;</li>
 * <li>posts in flight run to their end (stored and published, or failed), at most {@code drain-timeout}; a post is
 * never cut between its commit and its publish by a caller going away, see {@link #run(Supplier)}.</li>
 * </ol>
 * Then the RSocket server closes its connections and the fan-out commits its consumer offsets and closes the
 * producer. A post still unpublished after the timeout is stored; its sender's retry or the next message of the room
 * (a seq gap that receivers backfill from PostgreSQL) delivers it.
 */
@Component
class ShutdownDrain implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

    private final Duration timeout;

    private final Sinks.One<Boolean> closing = Sinks.one();

    private final Object lock = new Object();

    // guarded by lock
    private int inFlight;

    private volatile boolean stopping;

    ShutdownDrain(ShutdownProperties properties) {
        this.timeout = properties.drainTimeout();
    }

    /**
     * Runs the post once subscribed, to its end even if the subscriber cancels (a caller gone away must not leave
     * a stored message unpublished); refuses it if the instance is stopping.
     */
    <T> Mono<T> run(Supplier<Mono<T>> post) {
        return Mono.defer(() -> {
            synchronized (lock) {
                if (stopping) {
                    return Mono.error(stoppingError());
                }
                inFlight++;
            }
            // NOTE: toFuture subscribes now and independently; fromFuture(.., true) does not pass a cancel upstream.
            // The caller's Reactor context (its trace, among others) is handed over to that separate subscription.
            return Mono.deferContextual(context -> Mono.fromFuture(Mono.defer(post)
                    .doFinally(signal -> finished())
                    .contextWrite(context)
                    .toFuture(), true));
        });
    }

    /** The stream, until the instance stops; then it fails with SERVICE_UNAVAILABLE so the gateway resumes it. */
    <T> Flux<T> endOnStop(Flux<T> stream) {
        return Flux.defer(() -> stopping ? Flux.<T>error(stoppingError())
                : stream.takeUntilOther(closing.asMono())
                        .concatWith(Flux.defer(() -> stopping ? Flux.<T>error(stoppingError()) : Flux.<T>empty())));
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        synchronized (lock) {
            stopping = true;
        }
        closing.tryEmitValue(Boolean.TRUE);
        // NOTE: this runs on the thread closing the context (the JVM's shutdown hook), never on an event loop, so
        // waiting here is what holds the Kafka producer open until the posts in flight are published.
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("Stopping with {} post(s) still in flight after {}", inFlight, timeout);
                    return;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        log.info("Drained: no post in flight");
    }

    boolean isStopping() {
        return stopping;
    }

    private void finished() {
        synchronized (lock) {
            inFlight--;
            if (inFlight == 0) {
                lock.notifyAll();
            }
        }
    }

    private static ParleyException stoppingError() {
        return new ParleyException(ErrorCode.SERVICE_UNAVAILABLE, MessageRoutes.INSTANCE_STOPPING);
    }
}
