package dev.parley.chat.message;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.StaticApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ShutdownDrainTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ShutdownDrain drain = new ShutdownDrain(new ShutdownProperties(Duration.ofSeconds(5)));

    private final Sinks.One<String> published = Sinks.one();

    private final AtomicBoolean finished = new AtomicBoolean();

    private final Mono<String> post = published.asMono().doOnSuccess(value -> finished.set(true));

    @Test
    void runWhenTheCallerCancelsThenThePostStillRunsToItsEnd() {
        Disposable caller = drain.run(() -> post).subscribe();

        caller.dispose();
        published.tryEmitValue("published");

        assertThat(finished).isTrue();
    }

    @Test
    void stopWhenAPostIsInFlightThenWaitsForItAndRefusesNewPosts() throws Exception {
        drain.run(() -> post).subscribe();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(this::stop);
        await().atMost(TIMEOUT).until(drain::isStopping);

        StepVerifier.create(drain.run(() -> Mono.just("late")))
                .expectErrorSatisfies(error -> assertThat(((ParleyException) error).code())
                        .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
                .verify(TIMEOUT);
        assertThat(stopping).isNotDone();
        published.tryEmitValue("published");
        stopping.get(5, TimeUnit.SECONDS);
        assertThat(finished).isTrue();
    }

    @Test
    void stopWhenAStreamIsOpenThenItEndsWithRetryableServiceUnavailable() {
        StepVerifier.create(drain.endOnStop(Flux.<String>never()))
                .expectSubscription()
                .then(this::stop)
                .expectErrorSatisfies(error -> {
                    assertThat(((ParleyException) error).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
                    assertThat(((ParleyException) error).code().retryable()).isTrue();
                })
                .verify(TIMEOUT);
        StepVerifier.create(drain.endOnStop(Flux.just("new stream"))).expectError(ParleyException.class).verify(TIMEOUT);
    }

    @Test
    void stopWhenAPostNeverEndsThenGivesUpAfterTheDrainTimeout() {
        ShutdownDrain impatient = new ShutdownDrain(new ShutdownProperties(Duration.ofMillis(200)));
        impatient.run(Mono::never).subscribe();

        long started = System.nanoTime();
        impatient.onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(150), TIMEOUT);
    }

    private void stop() {
        drain.onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));
    }
}
