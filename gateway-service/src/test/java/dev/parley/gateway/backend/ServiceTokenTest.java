package dev.parley.gateway.backend;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceTokenTest {

    @Test
    void isRenewedAMinuteBeforeItExpires() {
        assertThat(ServiceToken.lifetime(300)).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void aShortLivedTokenIsRenewedAtHalfItsLife() {
        assertThat(ServiceToken.lifetime(60)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aTokenWithoutALifetimeIsNotKept() {
        assertThat(ServiceToken.lifetime(0)).isZero();
    }
}
