package dev.parley.room.attempts;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.room.RoomProperties;
import dev.parley.room.RoomServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attempt counts are shared through PostgreSQL: a second {@link JoinAttempts} on its own (as another
 * room-service instance would have) sees the attempts of the first. Nothing else is shared between them.
 */
class JoinAttemptsIT extends RoomServiceIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Autowired
    private JoinAttempts instanceA;

    @Autowired
    private DatabaseClient db;

    @Autowired
    private RoomProperties properties;

    @Test
    void beginWhenFailuresRecordedByAnotherInstanceReachTheLimitThenRateLimitedHere() {
        JoinAttempts instanceB = new JoinAttempts(db, properties);
        String user = "user-" + UUID.randomUUID();
        for (int i = 0; i < PER_ROOM; i++) {
            instanceA.begin(user, "Shared Room").block(TIMEOUT);
        }

        StepVerifier.create(instanceB.begin(user, "shared room"))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ParleyException.class, refusal -> {
                assertThat(refusal.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(refusal.getMessage()).matches("too many failed attempts; try again in [1-5] s");
            }))
            .verify(TIMEOUT);
        StepVerifier.create(instanceB.begin(user, "Another Room"))
            .assertNext(id -> assertThat(id).isPositive())
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void beginWhenManyConcurrentAttemptsOnTwoInstancesThenNoMoreThanTheLimitGetThrough() {
        JoinAttempts instanceB = new JoinAttempts(db, properties);
        String user = "user-" + UUID.randomUUID();

        List<Boolean> admitted = Flux.range(0, 12)
            .flatMap(i -> (i % 2 == 0 ? instanceA : instanceB).begin(user, "Contended")
                .subscribeOn(Schedulers.parallel())
                .map(id -> true)
                .onErrorResume(ParleyException.class, e -> Mono.just(false)), 12)
            .collectList()
            .block(TIMEOUT);

        assertThat(admitted).hasSize(12);
        assertThat(admitted.stream().filter(Boolean::booleanValue).count()).isLessThanOrEqualTo(PER_ROOM);
        assertThat(countRows(user)).isEqualTo(admitted.stream().filter(Boolean::booleanValue).count());
    }

    @Test
    void succeededWhenCalledThenTheAttemptNoLongerCounts() {
        String user = "user-" + UUID.randomUUID();
        for (int i = 0; i < PER_ROOM + 2; i++) {
            Long attempt = instanceA.begin(user, "Friendly").block(TIMEOUT);
            instanceA.succeeded(attempt).block(TIMEOUT);
        }

        assertThat(countRows(user)).isZero();
    }

    private long countRows(String user) {
        return db.sql("select count(*) as n from join_failures where user_id = :user")
            .bind("user", user)
            .map((row, meta) -> row.get("n", Long.class))
            .one()
            .block(TIMEOUT);
    }
}
