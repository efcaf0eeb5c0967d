package dev.parley.gateway.socket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserSendRatesTest {

    private static final long SECOND = 1_000_000_000L;

    /** The fake clock; starts far from zero, as {@link System#nanoTime()} may. */
    private final AtomicLong now = new AtomicLong(-7 * SECOND);

    /** 10 a second, 5 at once: an empty bucket is full again after half a second. */
    private final UserSendRates rates = new UserSendRates(10, 5, now::get);

    @Test
    void allowsTheBurstAtOnceThenRefuses() {
        assertThat(sends("alice", 5)).isEqualTo(5);
        assertThat(rates.tryAcquire("alice")).isFalse();
    }

    @Test
    void refillsAtTheSustainedRate() {
        sends("alice", 5);
        advance(SECOND / 10);
        assertThat(rates.tryAcquire("alice")).isTrue();
        assertThat(rates.tryAcquire("alice")).isFalse();
        advance(SECOND / 5);
        assertThat(sends("alice", 5)).isEqualTo(2);
    }

    @Test
    void neverSavesMoreThanTheBurstWhileIdle() {
        sends("alice", 1);
        advance(60 * SECOND);
        assertThat(sends("alice", 10)).isEqualTo(5);
    }

    @Test
    void oneUsersFloodLeavesOtherUsersTheirOwnBurst() {
        sends("alice", 50);
        assertThat(sends("bob", 10)).isEqualTo(5);
    }

    @Test
    void aRefusedSendTakesNoToken() {
        sends("alice", 5);
        assertThat(sends("alice", 100)).isZero();
        advance(SECOND / 10);
        assertThat(rates.tryAcquire("alice")).isTrue();
    }

    @Test
    void aBucketIsDroppedWhenFullAgainAndComesBackFull() {
        sends("alice", 5);
        advance(SECOND / 2);
        rates.tryAcquire("bob");
        assertThat(rates.tracked()).isEqualTo(1);
        assertThat(sends("alice", 10)).isEqualTo(5);
    }

    @Test
    void aBucketThatIsNotFullIsKeptSoThatItsUserCannotStartOver() {
        advance(3 * SECOND / 10);
        sends("alice", 5);
        // Bob's send at half a second drops every full bucket; Alice's has earned back only 2 of her 5.
        advance(SECOND / 5);
        rates.tryAcquire("bob");
        assertThat(rates.tracked()).isEqualTo(2);
        assertThat(sends("alice", 10)).isEqualTo(2);
    }

    @Test
    void aUserWhoKeepsSendingIsNeverDroppedAndNeverGetsMoreThanTheRate() {
        int allowed = 0;
        for (int tick = 0; tick < 100; tick++) {
            allowed += sends("alice", 3);
            advance(SECOND / 10);
        }
        // 5 at once, then 1 per tick of a tenth of a second.
        assertThat(allowed).isEqualTo(5 + 99);
        assertThat(rates.tracked()).isEqualTo(1);
    }

    @Test
    void manyUsersAreAllTrackedWhileSendingAndAllDroppedOnceIdle() {
        for (int user = 0; user < 10_000; user++) {
            assertThat(sends("user-" + user, 6)).isEqualTo(5);
        }
        assertThat(rates.tracked()).isEqualTo(10_000);
        advance(SECOND);
        rates.tryAcquire("latecomer");
        assertThat(rates.tracked()).isEqualTo(1);
    }

    @Test
    void connectionsOnDifferentThreadsTogetherGetExactlyTheBurst() throws Exception {
        UserSendRates shared = new UserSendRates(10, 1000, () -> 42L);
        Callable<Integer> connection = () -> {
            int allowed = 0;
            for (int i = 0; i < 1000; i++) {
                if (shared.tryAcquire("alice")) {
                    allowed++;
                }
            }
            return allowed;
        };
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(threads.submit(connection));
            }
            int allowed = 0;
            for (Future<Integer> result : results) {
                allowed += result.get();
            }
            assertThat(allowed).isEqualTo(1000);
        }
        finally {
            threads.shutdownNow();
        }
    }

    private int sends(String userId, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (rates.tryAcquire(userId)) {
                allowed++;
            }
        }
        return allowed;
    }

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }
}
