package dev.parley.room;

import dev.parley.room.password.CountingPasswordEncoder;
import dev.parley.testsupport.SharedKafka;
import dev.parley.testsupport.TestDatabase;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one application context of room-service's integration tests: every {@code *IT} extends this class and adds
 * nothing to the configuration, so the context (with its database, broker and stand-in issuer) is built once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.rsocket.server.port=0", "parley.room.events.publish-timeout=20s",
            "logging.level.org.apache.kafka=warn", "logging.level.kafka=warn", "logging.level.state.change.logger=warn",
            // NOTE: small limits and a short window, so that limits are reached and left within seconds; tests that
            // fail joins on purpose use their own fresh user, as the counts are per user.
            "parley.room.password.attempts.per-room=" + RoomServiceIntegrationTest.PER_ROOM,
            "parley.room.password.attempts.per-user=" + RoomServiceIntegrationTest.PER_USER,
            "parley.room.password.attempts.window=" + RoomServiceIntegrationTest.WINDOW_SECONDS + "s" })
@Import(CountingPasswordEncoder.Config.class)
public abstract class RoomServiceIntegrationTest {

    /** Failed joins allowed per user and room name within the window, in the tests. */
    public static final int PER_ROOM = 3;

    /** Failed joins allowed per user within the window, in the tests. */
    public static final int PER_USER = 6;

    /** The window of the failed-join limits, in the tests. */
    public static final int WINDOW_SECONDS = 5;

    private static TestDatabase database;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        TestDatabase db = database();
        registry.add("spring.r2dbc.url", db::r2dbcUrl);
        registry.add("spring.r2dbc.username", db::user);
        registry.add("spring.r2dbc.password", db::password);
        registry.add("spring.flyway.url", db::jdbcUrl);
        registry.add("spring.flyway.user", db::user);
        registry.add("spring.flyway.password", db::password);
        registry.add("parley.room.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
        registry.add("parley.room.security.issuer-uri", () -> TestTokens.ISSUER);
        registry.add("parley.room.security.jwk-set-uri", TestTokens::jwkSetUri);
        registry.add("parley.room.security.audience", () -> TestTokens.AUDIENCE);
    }

    private static synchronized TestDatabase database() {
        if (database == null) {
            TestDatabase created = TestDatabase.create("room_it");
            // NOTE: the context is cached for the whole JVM, so the database can only go when the JVM does;
            // DROP ... WITH (FORCE) closes the pool's connections that may still be open then.
            Runtime.getRuntime().addShutdownHook(new Thread(created::drop, "room-it-drop-database"));
            database = created;
        }
        return database;
    }
}
