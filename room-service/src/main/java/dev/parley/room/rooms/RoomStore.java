package dev.parley.room.rooms;

import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.BiFunction;

import dev.parley.model.Room;
import dev.parley.model.UserProfile;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** SQL for rooms, their owners and memberships. */
@Repository
class RoomStore {

    private static final BiFunction<Row, RowMetadata, Room> ROOM = (row, meta) -> new Room(
            row.get("id", UUID.class), row.get("name", String.class), row.get("created_by", String.class),
            row.get("created_at", OffsetDateTime.class).toInstant());

    private static final BiFunction<Row, RowMetadata, StoredRoom> STORED_ROOM = (row, meta) -> new StoredRoom(
            row.get("id", UUID.class), row.get("name", String.class), row.get("password_hash", String.class),
            row.get("created_by", String.class), row.get("created_at", OffsetDateTime.class).toInstant(),
            row.get("owner", String.class));

    private final DatabaseClient db;

    RoomStore(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Inserts a room owned by its creator; a name taken ignoring case fails with the unique index's
     * DuplicateKeyException.
     */
    Mono<Room> insert(RoomName name, String passwordHash, String createdBy) {
        return db.sql("""
                insert into rooms (id, name, password_hash, created_by, owner)
                values (:id, :name, :hash, :createdBy, :owner)
                returning id, name, created_by, created_at
                """)
            .bind("id", UUID.randomUUID())
            .bind("name", name.value())
            .bind("hash", passwordHash)
            .bind("createdBy", createdBy)
            .bind("owner", createdBy)
            .map(ROOM)
            .one();
    }

    /** Makes the user a member; being one already is fine; a deleted account never becomes one. */
    Mono<Void> addMember(UUID roomId, String userId) {
        // NOTE: the guard closes the race with a deletion that commits while this user's join checks the password.
        return db.sql("""
                insert into memberships (room_id, user_id)
                select :roomId, id from users where id = :userId and deleted_at is null
                on conflict (room_id, user_id) do nothing
                """)
            .bind("roomId", roomId)
            .bind("userId", userId)
            .then();
    }

    /** Ends a membership; not being one is fine. */
    Mono<Void> removeMember(UUID roomId, String userId) {
        return db.sql("delete from memberships where room_id = :roomId and user_id = :userId")
            .bind("roomId", roomId)
            .bind("userId", userId)
            .then();
    }

    Mono<StoredRoom> findByName(String name) {
        return db.sql("""
                select id, name, password_hash, created_by, created_at, owner from rooms
                where lower(name) = lower(:name)
                """)
            .bind("name", name)
            .map(STORED_ROOM)
            .one();
    }

    Mono<StoredRoom> findById(UUID roomId) {
        return db.sql("select id, name, password_hash, created_by, created_at, owner from rooms where id = :id")
            .bind("id", roomId)
            .map(STORED_ROOM)
            .one();
    }

    Mono<Void> updatePassword(UUID roomId, String passwordHash) {
        return db.sql("update rooms set password_hash = :hash where id = :id")
            .bind("hash", passwordHash)
            .bind("id", roomId)
            .then();
    }

    /**
     * Up to {@code rows} rooms in name order ignoring case (the unique index's order), after {@code search.after()}
     * and containing {@code search.search()}, both ignoring case.
     */
    Flux<Room> findPage(RoomSearch search, int rows) {
        // NOTE: strpos rather than LIKE, so that '%' and '_' in a search are plain characters without escaping.
        StringBuilder sql = new StringBuilder("select id, name, created_by, created_at from rooms where true");
        if (search.after() != null) {
            sql.append(" and lower(name) > lower(:after)");
        }
        if (search.search() != null) {
            sql.append(" and strpos(lower(name), lower(:search)) > 0");
        }
        sql.append(" order by lower(name) limit :rows");
        DatabaseClient.GenericExecuteSpec statement = db.sql(sql.toString()).bind("rows", rows);
        if (search.after() != null) {
            statement = statement.bind("after", search.after());
        }
        if (search.search() != null) {
            statement = statement.bind("search", search.search());
        }
        return statement.map(ROOM).all();
    }

    Mono<Boolean> isMember(UUID roomId, String userId) {
        return db.sql("select exists (select 1 from memberships where room_id = :roomId and user_id = :userId) as m")
            .bind("roomId", roomId)
            .bind("userId", userId)
            .map((row, meta) -> row.get("m", Boolean.class))
            .one();
    }

    Flux<UserProfile> members(UUID roomId) {
        return db.sql("""
                select u.id, u.display_name, u.email from memberships m join users u on u.id = m.user_id
                where m.room_id = :roomId order by m.joined_at, u.id
                """)
            .bind("roomId", roomId)
            .map((row, meta) -> new UserProfile(row.get("id", String.class), row.get("display_name", String.class),
                    row.get("email", String.class)))
            .all();
    }
}
