package dev.parley.room.rooms;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.parley.model.ChangeRoomPassword;
import dev.parley.model.CreateRoom;
import dev.parley.model.ErrorCode;
import dev.parley.model.JoinRoom;
import dev.parley.model.MemberRemoved;
import dev.parley.model.Membership;
import dev.parley.model.ParleyException;
import dev.parley.model.RemoveMember;
import dev.parley.model.Room;
import dev.parley.model.RoomCreated;
import dev.parley.model.RoomPage;
import dev.parley.model.RoomQuery;
import dev.parley.model.UserProfile;
import dev.parley.room.attempts.JoinAttempts;
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

/** Creates, lists and joins rooms, answers membership questions, and carries out the owner's operations. */
@Service
class Rooms {

    private static final Logger log = LoggerFactory.getLogger(Rooms.class);

    // NOTE: one message for an unknown room and a wrong password, so a caller cannot probe which rooms exist.
    static final String ACCESS_DENIED = "wrong room name or password";

    private static final String NOT_A_MEMBER_DETAIL = "you are not a member of this room";

    private final RoomStore store;

    private final Users users;

    private final RoomPasswords passwords;

    private final RoomEvents events;

    /** How long a list waits for this instance to hear room events; past it the list is served anyway. */
    private static final Duration EVENTS_WAIT = Duration.ofSeconds(5);

    private final JoinAttempts attempts;

    private final TransactionalOperator transaction;

    private final JoinOutcomes outcomes;

    Rooms(RoomStore store, Users users, RoomPasswords passwords, JoinAttempts attempts, RoomEvents events,
            ReactiveTransactionManager transactionManager, JoinOutcomes outcomes) {
        this.store = store;
        this.outcomes = outcomes;
        this.users = users;
        this.passwords = passwords;
        this.attempts = attempts;
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
            passwords.check(password, name.value());
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

    /**
     * One page of the rooms in name order, read once this instance hears room events (or after {@link #EVENTS_WAIT}
     * without them). NOTE: a live list subscribes to the events and reads this list; read before a freshly started
     * instance's consumer has its partition, a room created meanwhile was in neither (ChatFlowIT's room-service
     * restart).
     */
    Mono<RoomPage> list(RoomQuery query) {
        return Mono.defer(() -> {
            RoomSearch search = RoomSearch.of(query);
            // One row more than the page tells whether another page follows, without counting.
            return events.ready().timeout(EVENTS_WAIT, Mono.empty())
                .then(store.findPage(search, search.limit() + 1).collectList())
                .map(rooms -> rooms.size() > search.limit()
                        ? new RoomPage(List.copyOf(rooms.subList(0, search.limit())),
                                rooms.get(search.limit() - 1).name())
                        : new RoomPage(rooms, null));
        });
    }

    /**
     * Joins a room by name and password; an unknown name and a wrong password are refused alike, and count alike
     * towards the limits on failed attempts. A limited caller is refused before any lookup or bcrypt.
     */
    Mono<Room> join(Jwt caller, JoinRoom command) {
        String name = command == null ? null : RoomName.lookupKey(command.name());
        String password = command == null ? null : command.password();
        return users.register(caller).flatMap(user -> attempts.begin(user.id(), name)
            .flatMap(attempt -> findByName(name)
                .flatMap(room -> passwords.matches(name, password, room.map(StoredRoom::passwordHash).orElse(null))
                    .flatMap(matches -> matches
                            ? admit(room.get(), user.id(), attempt)
                            : Mono.error(new ParleyException(ErrorCode.ROOM_ACCESS_DENIED, ACCESS_DENIED))))))
            .doOnSuccess(room -> outcomes.joined())
            .doOnError(outcomes::refused);
    }

    private Mono<Optional<StoredRoom>> findByName(String name) {
        return name == null ? Mono.just(Optional.empty())
                : store.findByName(name).map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    private Mono<Room> admit(StoredRoom room, String userId, long attempt) {
        return store.addMember(room.id(), userId)
            .then(attempts.succeeded(attempt).onErrorResume(e -> {
                // NOTE: the join itself succeeded; a leftover attempt only counts once more against this user.
                log.warn("Could not take back the successful join attempt {}", attempt, e);
                return Mono.empty();
            }))
            .thenReturn(room.toRoom());
    }

    /** Sets a new password; only the room's owner may. */
    Mono<Room> changePassword(Jwt caller, UUID roomId, ChangeRoomPassword command) {
        return Mono.defer(() -> {
            if (command == null) {
                throw new ParleyException(ErrorCode.INVALID_REQUEST, "a new password is required");
            }
            return ownedRoom(caller, roomId).flatMap(room -> {
                passwords.check(command.newPassword(), room.name());
                return passwords.hash(command.newPassword())
                    .flatMap(hash -> store.updatePassword(room.id(), hash))
                    .thenReturn(room.toRoom());
            });
        });
    }

    /** Ends another user's membership; only the room's owner may, and not their own. */
    Mono<Membership> removeMember(Jwt caller, UUID roomId, RemoveMember command) {
        return Mono.defer(() -> {
            if (command == null || command.userId() == null || command.userId().isBlank()) {
                throw new ParleyException(ErrorCode.INVALID_REQUEST, "the userId of the member to remove is required");
            }
            if (command.userId().indexOf('\u0000') >= 0) {
                // No user id (token subject) contains NUL, and PostgreSQL text cannot hold it.
                throw new ParleyException(ErrorCode.INVALID_REQUEST, "the userId is not a user's id");
            }
            return ownedRoom(caller, roomId).flatMap(room -> {
                if (command.userId().equals(room.owner())) {
                    throw new ParleyException(ErrorCode.FORBIDDEN, "the owner cannot be removed from their room");
                }
                // NOTE: the answer waits for the event, because the removed user's open room streams end only when
                // chat-service hears of it. If Kafka cannot take it, the owner is told to retry; removing again is
                // harmless and publishes again.
                return store.removeMember(room.id(), command.userId())
                    .then(events.publish(new MemberRemoved(room.id(), command.userId()))
                        .onErrorMap(e -> {
                            log.warn("Removed {} from room {} but could not announce it: {}", command.userId(),
                                    room.id(), e.toString());
                            return new ParleyException(ErrorCode.SERVICE_UNAVAILABLE,
                                    "the member was removed, but open connections could not be told yet; try again");
                        }))
                    .thenReturn(new Membership(room.id(), command.userId(), false));
            });
        });
    }

    /** The room if the caller owns it; NOT_A_MEMBER for non-members and unknown rooms alike, else FORBIDDEN. */
    private Mono<StoredRoom> ownedRoom(Jwt caller, UUID roomId) {
        String subject = caller.getSubject();
        return store.isMember(roomId, subject)
            .flatMap(member -> member ? store.findById(roomId) : Mono.empty())
            .switchIfEmpty(Mono.error(() -> new ParleyException(ErrorCode.NOT_A_MEMBER, NOT_A_MEMBER_DETAIL)))
            .flatMap(room -> subject.equals(room.owner()) ? Mono.just(room)
                    : Mono.error(new ParleyException(ErrorCode.FORBIDDEN, "only the room's owner may do this")));
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
                    : Flux.error(new ParleyException(ErrorCode.NOT_A_MEMBER, NOT_A_MEMBER_DETAIL)));
    }
}
