package dev.parley.room.attempts;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.room.RoomProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Limits failed rooms.join attempts per user and room name, and per user, in a sliding window. The attempts live in
 * PostgreSQL, so every room-service instance counts the same attempts.
 *
 * <p>An attempt is recorded <em>before</em> its password is checked and counted as a failure unless
 * {@link #succeeded(long)} takes it back. Recording first closes the check-then-act race: of two concurrent
 * attempts, the later one to count always sees the other, so concurrent attempts cannot slip past a limit
 * together. An attempt that is refused by the limit is not kept, so waiting out the retry-after is enough.
 */
@Component
public class JoinAttempts {

    private static final Logger log = LoggerFactory.getLogger(JoinAttempts.class);

    /** Real room names have at most 64 characters, so this bound never merges two rooms' counts. */
    private static final int MAX_KEY_LENGTH = 100;

    private static final String INSERT = """
            with purged as (delete from join_failures where failed_at <= now() - make_interval(secs => :window))
            insert into join_failures (user_id, room_key) values (:userId, :roomKey)
            returning id, failed_at
            """;

    private static final String EARLIER = """
            select room_key = :roomKey as same_room, failed_at from join_failures
            where user_id = :userId and failed_at > :since and id <> :id
            order by failed_at, id
            """;

    private final DatabaseClient db;

    private final AttemptLimits limits;

    JoinAttempts(DatabaseClient db, RoomProperties properties) {
        this.db = db;
        RoomProperties.Attempts attempts = properties.password().attempts();
        this.limits = new AttemptLimits(attempts.perRoom(), attempts.perUser(), attempts.window());
    }

    /**
     * Records an attempt of the user on the named room, before its password is checked; fails with RATE_LIMITED
     * ("... try again in N s") if the user has failed too often, without keeping this attempt.
     *
     * @return the attempt's id, for {@link #succeeded(long)}
     */
    public Mono<Long> begin(String userId, String roomName) {
        String roomKey = key(roomName);
        return record(userId, roomKey).flatMap(attempt -> earlier(userId, roomKey, attempt)
            .flatMap(earlier -> limits.retryAfter(attempt.at(), earlier.sameRoom(), earlier.all())
                .map(wait -> forget(attempt.id()).then(Mono.<Long>error(limited(userId, wait))))
                .orElseGet(() -> Mono.just(attempt.id()))));
    }

    /** Takes back an attempt whose password was right: a successful join does not count. */
    public Mono<Void> succeeded(long attemptId) {
        return forget(attemptId);
    }

    /** The room name as it is counted: trimmed, NFC and lower case like the unique index on names, bounded. */
    static String key(String roomName) {
        if (roomName == null) {
            return "";
        }
        // NUL cannot be stored in PostgreSQL text; no real room name contains it (nor U+FFFD).
        String key = Normalizer.normalize(roomName.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT)
            .replace('\u0000', '\uFFFD');
        return key.codePointCount(0, key.length()) <= MAX_KEY_LENGTH ? key
                : key.substring(0, key.offsetByCodePoints(0, MAX_KEY_LENGTH));
    }

    private Mono<Attempt> record(String userId, String roomKey) {
        return db.sql(INSERT)
            .bind("window", limits.window().toMillis() / 1000.0)
            .bind("userId", userId)
            .bind("roomKey", roomKey)
            .map((row, meta) -> new Attempt(row.get("id", Long.class),
                    row.get("failed_at", OffsetDateTime.class).toInstant()))
            .one();
    }

    private Mono<Earlier> earlier(String userId, String roomKey, Attempt attempt) {
        return db.sql(EARLIER)
            .bind("roomKey", roomKey)
            .bind("userId", userId)
            .bind("since", OffsetDateTime.ofInstant(attempt.at().minus(limits.window()), ZoneOffset.UTC))
            .bind("id", attempt.id())
            .map((row, meta) -> new Earlier.Row(Boolean.TRUE.equals(row.get("same_room", Boolean.class)),
                    row.get("failed_at", OffsetDateTime.class).toInstant()))
            .all()
            .collectList()
            .map(Earlier::of);
    }

    private Mono<Void> forget(long attemptId) {
        return db.sql("delete from join_failures where id = :id").bind("id", attemptId).then();
    }

    private static ParleyException limited(String userId, Duration wait) {
        long seconds = AttemptLimits.seconds(wait);
        log.info("Refused a rooms.join of user {}: too many failed attempts, retry after {} s", userId, seconds);
        return new ParleyException(ErrorCode.RATE_LIMITED,
                "too many failed attempts; try again in " + seconds + " s");
    }

    /** A recorded attempt: its id and the database's time of it. */
    private record Attempt(long id, Instant at) {
    }

    /** The user's other attempts within the window, oldest first: on the same room name, and on any room. */
    private record Earlier(List<Instant> sameRoom, List<Instant> all) {

        record Row(boolean sameRoom, Instant at) {
        }

        static Earlier of(List<Row> rows) {
            List<Instant> sameRoom = new ArrayList<>();
            List<Instant> all = new ArrayList<>(rows.size());
            for (Row row : rows) {
                all.add(row.at());
                if (row.sameRoom()) {
                    sameRoom.add(row.at());
                }
            }
            return new Earlier(sameRoom, all);
        }
    }
}
