package dev.parley.room.user;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.UserProfile;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The user records: every mutating request upserts its caller from the token; a deleted account stays deleted. */
@Service
public class Users {

    /** The refusal of every request made with a token of a deleted account. */
    public static final String ACCOUNT_DELETED = "this account was deleted";

    // NOTE: "where deleted_at is null" makes the upsert return no row for a deleted account instead of reviving it.
    private static final String UPSERT = """
            insert into users (id, display_name, email) values (:id, :displayName, :email)
            on conflict (id) do update
              set display_name = excluded.display_name, email = excluded.email, updated_at = now()
              where users.deleted_at is null
            returning id, display_name, email
            """;

    // NOTE: a subject never seen before gets a tombstone too, so that its tokens are refused from now on.
    private static final String TOMBSTONE = """
            insert into users (id, display_name, email, deleted_at) values (:id, null, null, now())
            on conflict (id) do update
              set display_name = null, email = null, deleted_at = coalesce(users.deleted_at, now()), updated_at = now()
            """;

    private final DatabaseClient db;

    private final TransactionalOperator transaction;

    Users(DatabaseClient db, ReactiveTransactionManager transactionManager) {
        this.db = db;
        this.transaction = TransactionalOperator.create(transactionManager);
    }

    /** Creates the caller's user record on first contact and refreshes it from the token on later ones. */
    public Mono<UserProfile> register(Jwt jwt) {
        UserProfile profile = TokenProfile.of(jwt);
        if (profile.id() == null || profile.id().isBlank()) {
            return Mono.error(new ParleyException(ErrorCode.TOKEN_INVALID, "the token has no subject"));
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql(UPSERT)
            .bind("id", profile.id())
            .bind("displayName", profile.displayName());
        spec = profile.email() == null ? spec.bindNull("email", String.class) : spec.bind("email", profile.email());
        return spec.map((row, meta) -> new UserProfile(row.get("id", String.class),
                    row.get("display_name", String.class), row.get("email", String.class)))
            .one()
            .switchIfEmpty(Mono.error(() -> new ParleyException(ErrorCode.FORBIDDEN, ACCOUNT_DELETED)));
    }

    /**
     * Deletes the caller's account: keeps the subject as a tombstone without name or e-mail, and ends all its
     * memberships. Rooms it owns stay, with no owner who can act for them.
     */
    public Mono<Void> delete(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            return Mono.error(new ParleyException(ErrorCode.TOKEN_INVALID, "the token has no subject"));
        }
        Mono<Void> delete = db.sql(TOMBSTONE).bind("id", subject).then()
            .then(db.sql("delete from memberships where user_id = :id").bind("id", subject).then());
        return transaction.transactional(delete);
    }

    /** Whether the subject's account was deleted; an unknown subject was not. */
    public Mono<Boolean> isDeleted(String subject) {
        return db.sql("select exists (select 1 from users where id = :id and deleted_at is not null) as deleted")
            .bind("id", subject)
            .map((row, meta) -> row.get("deleted", Boolean.class))
            .one();
    }
}
