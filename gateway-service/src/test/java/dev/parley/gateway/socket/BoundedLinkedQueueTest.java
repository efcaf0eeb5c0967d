package dev.parley.gateway.socket;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedLinkedQueueTest {

    @Test
    void refusesAnItemBeyondItsCapacityUntilOneIsTaken() {
        BoundedLinkedQueue<Integer> queue = new BoundedLinkedQueue<>(20);
        for (int i = 0; i < 20; i++) {
            assertThat(queue.offer(i)).isTrue();
        }
        assertThat(queue.offer(20)).isFalse();
        assertThat(queue.size()).isEqualTo(20);

        assertThat(queue.poll()).isZero();
        assertThat(queue.offer(20)).isTrue();
        assertThat(queue).hasSize(20);
    }

    @Test
    void keepsOrder() {
        BoundedLinkedQueue<Integer> queue = new BoundedLinkedQueue<>(100);
        for (int i = 0; i < 30; i++) {
            queue.offer(i);
        }
        for (int i = 0; i < 30; i++) {
            assertThat(queue.poll()).isEqualTo(i);
        }
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aSinkOverItReportsOverflowWhenTheSubscriberFallsBehind() {
        Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer(new BoundedLinkedQueue<>(3));

        StepVerifier.create(sink.asFlux(), 0)
                .then(() -> {
                    assertThat(sink.tryEmitNext(1)).isEqualTo(Sinks.EmitResult.OK);
                    assertThat(sink.tryEmitNext(2)).isEqualTo(Sinks.EmitResult.OK);
                    assertThat(sink.tryEmitNext(3)).isEqualTo(Sinks.EmitResult.OK);
                    assertThat(sink.tryEmitNext(4)).isEqualTo(Sinks.EmitResult.FAIL_OVERFLOW);
                })
                .thenRequest(2)
                .expectNext(1, 2)
                .then(() -> assertThat(sink.tryEmitNext(5)).isEqualTo(Sinks.EmitResult.OK))
                .thenRequest(10)
                .expectNext(3, 5)
                .then(sink::tryEmitComplete)
                .verifyComplete();
    }
}
