package dev.parley.room.user;

import java.time.Duration;
import java.util.UUID;

import dev.parley.model.UserProfile;
import dev.parley.room.RoomServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class UsersIT extends RoomServiceIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Autowired
    private Users users;

    @Autowired
    private DatabaseClient db;

    @Test
    void registerWhenFirstContactThenCreatesAndWhenLaterThenRefreshes() {
        String subject = "user-" + UUID.randomUUID();

        StepVerifier.create(users.register(jwt(subject, "Old Name", "old@example.org")))
            .expectNext(new UserProfile(subject, "Old Name", "old@example.org"))
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(users.register(jwt(subject, "New Name", null)))
            .expectNext(new UserProfile(subject, "New Name", null))
            .expectComplete()
            .verify(TIMEOUT);

        Long rows = db.sql("select count(*) as n from users where id = :id and updated_at >= created_at")
            .bind("id", subject)
            .map((row, meta) -> row.get("n", Long.class))
            .one()
            .block(TIMEOUT);
        assertThat(rows).isEqualTo(1L);
    }

    private static Jwt jwt(String subject, String name, String email) {
        Jwt.Builder builder = Jwt.withTokenValue("token").header("alg", "none").subject(subject).claim("name", name);
        return email == null ? builder.build() : builder.claim("email", email).build();
    }
}
