package dev.parley.room.user;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.UserProfile;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;

/** The user records: every mutating request upserts its caller from the token. */
@Service
public class Users {

    private static final String UPSERT = """
            insert into users (id, display_name, email) values (:id, :displayName, :email)
            on conflict (id) do update
              set display_name = excluded.display_name, email = excluded.email, updated_at = now()
            returning id, display_name, email
            """;

    private final DatabaseClient db;

    Users(DatabaseClient db) {
        this.db = db;
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
            .one();
    }
}
