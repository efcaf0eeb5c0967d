package dev.parley.gateway.socket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsTheBurstAtOnceThenRefuses() {
        FrameRate rate = new FrameRate(10, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(rate.tryAcquire(0)).isTrue();
        }
        assertThat(rate.tryAcquire(0)).isFalse();
    }

    @Test
    void refillsAtTheSustainedRate() {
        FrameRate rate = new FrameRate(10, 5, 0);
        for (int i = 0; i < 5; i++) {
            rate.tryAcquire(0);
        }
        assertThat(rate.tryAcquire(SECOND / 10)).isTrue();
        assertThat(rate.tryAcquire(SECOND / 10)).isFalse();
    }

    @Test
    void neverSavesMoreThanTheBurstWhileIdle() {
        FrameRate rate = new FrameRate(10, 3, 0);
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            if (rate.tryAcquire(60 * SECOND)) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(3);
    }
}
