package dev.parley.room.rooms;

import java.text.Normalizer;
import java.util.Optional;
import java.util.UUID;

import dev.parley.model.CreateRoom;
import dev.parley.model.ErrorCode;
import dev.parley.model.JoinRoom;
import dev.parley.model.Membership;
import dev.parley.model.ParleyException;
import dev.parley.model.Room;
import dev.parley.model.RoomCreated;
import dev.parley.model.UserProfile;
import dev.parley.room.events.RoomEvents;
import dev.parley.room.password.RoomPasswords;
import dev.parley.room.user.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Creates, lists and joins rooms, and answers membership questions. */
@Service
class Rooms {

    private static final Logger log = LoggerFactory.getLogger(Rooms.class);

    // NOTE: one message for an unknown room and a wrong password, so a caller cannot probe which rooms exist.
    static final String ACCESS_DENIED = "wrong room name or password";

    private final RoomStore store;

    private final Users users;

    private final RoomPasswords passwords;

    private final RoomEvents events;

    private final TransactionalOperator transaction;

    Rooms(RoomStore store, Users users, RoomPasswords passwords, RoomEvents events,
            ReactiveTransactionManager transactionManager) {
        this.store = store;
        this.users = users;
        this.passwords = passwords;
        this.events = events;
        this.transaction = TransactionalOperator.create(transactionManager);
    }

    /** Creates a room with the caller as its first member, then announces it to every instance. */
    Mono<Room> create(Jwt caller, CreateRoom command) {
        return Mono.defer(() -> {
            if (command == null) {
                throw new ParleyException(ErrorCode.INVALID_REQUEST, "a room name and password are required");
            }
            RoomName name = new RoomName(command.name());
            String password = command.password();
            passwords.check(password);
            return users.register(caller)
                .zipWith(passwords.hash(password))
                .flatMap(userAndHash -> insertWithCreator(name, userAndHash.getT2(), userAndHash.getT1()))
                .flatMap(this::announce);
        });
    }

    private Mono<Room> insertWithCreator(RoomName name, String hash, UserProfile creator) {
        Mono<Room> insert = store.insert(name, hash, creator.id())
            .onErrorMap(DuplicateKeyException.class,
                    e -> new ParleyException(ErrorCode.ROOM_NAME_TAKEN, "a room with this name already exists"))
            .flatMap(room -> store.addMember(room.id(), creator.id()).thenReturn(room));
        return transaction.transactional(insert);
    }

    private Mono<Room> announce(Room room) {
        // NOTE: the room is committed by now. If Kafka cannot take the event, live lists miss this room until their
        // owners reload, but the create itself succeeded, so log and answer it rather than report a failure.
        return events.publish(new RoomCreated(room))
            .onErrorResume(e -> {
                log.warn("Room {} was created but its RoomCreated event was not published", room.id(), e);
                return Mono.empty();
            })
            .thenReturn(room);
    }

    /** Every room, oldest first. */
    Flux<Room> list() {
        return store.findAll();
    }

    /** Joins a room by name and password; an unknown name and a wrong password are refused alike. */
    Mono<Room> join(Jwt caller, JoinRoom command) {
        String name = command == null ? null : lookupKey(command.name());
        String password = command == null ? null : command.password();
        Mono<Optional<StoredRoom>> found = name == null ? Mono.just(Optional.empty())
                : store.findByName(name).map(Optional::of).defaultIfEmpty(Optional.empty());
        return users.register(caller).flatMap(user -> found.flatMap(room -> passwords
            .matches(password, room.map(StoredRoom::passwordHash).orElse(null))
            .flatMap(matches -> matches
                    ? store.addMember(room.get().id(), user.id()).thenReturn(room.get().toRoom())
                    : Mono.error(new ParleyException(ErrorCode.ROOM_ACCESS_DENIED, ACCESS_DENIED)))));
    }

    /** Whether the caller is a member of the room; an unknown room answers false. */
    Mono<Membership> membership(Jwt caller, UUID roomId) {
        return store.isMember(roomId, caller.getSubject())
            .map(member -> new Membership(roomId, caller.getSubject(), member));
    }

    /** The members of a room, for its members only. */
    Flux<UserProfile> members(Jwt caller, UUID roomId) {
        return store.isMember(roomId, caller.getSubject())
            .flatMapMany(member -> member ? store.members(roomId)
                    : Flux.error(new ParleyException(ErrorCode.NOT_A_MEMBER, "you are not a member of this room")));
    }

    private static String lookupKey(String name) {
        return name == null ? null : Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
    }
}
