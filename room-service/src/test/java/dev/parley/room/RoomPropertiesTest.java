package dev.parley.room;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RoomPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(Config.class);

    @Test
    void propertiesWhenNothingSetThenDocumentedDefaults() {
        runner.run(context -> {
            RoomProperties properties = context.getBean(RoomProperties.class);
            assertThat(properties.eventsTopic()).isEqualTo("parley.room-events");
            assertThat(properties.password().minLength()).isEqualTo(8);
            assertThat(properties.password().bcryptCost()).isEqualTo(10);
            assertThat(properties.password().attempts())
                .isEqualTo(new RoomProperties.Attempts(5, 20, Duration.ofMinutes(1)));
            assertThat(properties.events().subscriberBuffer()).isEqualTo(256);
            assertThat(properties.kafka().replicationFactor()).isEqualTo((short) 1);
            assertThat(properties.security().audience()).isEqualTo("parley");
            assertThat(properties.security().clockSkew()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void propertiesWhenBcryptCostBelow10ThenStartupFails() {
        runner.withPropertyValues("parley.room.password.bcrypt-cost=9")
            .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void propertiesWhenBcryptCostAbove16ThenStartupFails() {
        runner.withPropertyValues("parley.room.password.bcrypt-cost=17")
            .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void propertiesWhenAttemptLimitZeroThenStartupFails() {
        runner.withPropertyValues("parley.room.password.attempts.per-room=0")
            .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("parley.room.password.attempts.per-user=0")
            .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void propertiesWhenAttemptWindowUnderOneSecondThenStartupFails() {
        runner.withPropertyValues("parley.room.password.attempts.window=500ms")
            .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void propertiesWhenAttemptsSetThenBound() {
        runner.withPropertyValues("parley.room.password.attempts.per-room=3",
                "parley.room.password.attempts.per-user=6", "parley.room.password.attempts.window=2s")
            .run(context -> assertThat(context.getBean(RoomProperties.class).password().attempts())
                .isEqualTo(new RoomProperties.Attempts(3, 6, Duration.ofSeconds(2))));
    }

    @Test
    void propertiesWhenSubscriberBufferZeroThenStartupFails() {
        runner.withPropertyValues("parley.room.events.subscriber-buffer=0")
            .run(context -> assertThat(context).hasFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RoomProperties.class)
    static class Config {
    }
}
