package dev.parley.gateway.backend;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class UnreachableInstanceTest {

    @Test
    void aRequestThatCouldNotConnectGoesToTheNextInstance() {
        AtomicInteger attempts = new AtomicInteger();
        Mono<String> call = Mono.defer(() -> attempts.incrementAndGet() == 1
                ? Mono.error(new IOException("wrapped", new ConnectException("Connection refused")))
                : Mono.just("answered"));

        StepVerifier.create(call.retryWhen(UnreachableInstance.NEXT_INSTANCE)).expectNext("answered").verifyComplete();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aRequestThatReachedAServerIsNeverSentAgain() {
        AtomicInteger attempts = new AtomicInteger();
        Mono<String> timedOut = Mono.defer(() -> {
            attempts.incrementAndGet();
            return Mono.error(new TimeoutException());
        });
        Mono<String> refused = Mono.error(new ParleyException(ErrorCode.NOT_A_MEMBER, "no"));

        StepVerifier.create(timedOut.retryWhen(UnreachableInstance.NEXT_INSTANCE))
                .expectError(TimeoutException.class).verify();
        StepVerifier.create(refused.retryWhen(UnreachableInstance.NEXT_INSTANCE))
                .expectError(ParleyException.class).verify();
        assertThat(attempts).hasValue(1);
    }

    @Test
    void givesUpAfterTwoMoreInstances() {
        AtomicInteger attempts = new AtomicInteger();
        Mono<String> down = Mono.defer(() -> {
            attempts.incrementAndGet();
            return Mono.error(new ConnectException("Connection refused"));
        });

        StepVerifier.create(down.retryWhen(UnreachableInstance.NEXT_INSTANCE)).expectError(ConnectException.class).verify();
        assertThat(attempts).hasValue(3);
    }
}
