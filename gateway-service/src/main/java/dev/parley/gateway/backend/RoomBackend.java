package dev.parley.gateway.backend;

import java.util.UUID;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.stereotype.Component;

import dev.parley.model.ChangeRoomPassword;
import dev.parley.model.CreateRoom;
import dev.parley.model.JoinRoom;
import dev.parley.model.Membership;
import dev.parley.model.RemoveMember;
import dev.parley.model.Room;
import dev.parley.model.RoomCreated;
import dev.parley.model.RoomPage;
import dev.parley.model.RoomQuery;
import dev.parley.model.RoomRoutes;
import dev.parley.model.UserProfile;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** room-service, as seen from the gateway. */
@Component
public class RoomBackend {

    private final RSocketRequester requester;

    private final BackendProperties properties;

    RoomBackend(@Qualifier("roomService") RSocketRequester requester, BackendProperties properties) {
        this.requester = requester;
        this.properties = properties;
    }

    public Mono<UserProfile> me(CallerToken token) {
        return call(requester.route(RoomRoutes.USERS_ME).metadata(token.metadata(), CallerToken.MIME_TYPE)
                .retrieveMono(UserProfile.class));
    }

    public Mono<RoomPage> list(CallerToken token, RoomQuery query) {
        return call(requester.route(RoomRoutes.PAGE).metadata(token.metadata(), CallerToken.MIME_TYPE)
                .data(query).retrieveMono(RoomPage.class));
    }

    public Mono<Room> create(CallerToken token, CreateRoom command) {
        return call(requester.route(RoomRoutes.CREATE).metadata(token.metadata(), CallerToken.MIME_TYPE)
                .data(command).retrieveMono(Room.class));
    }

    public Mono<Room> join(CallerToken token, JoinRoom command) {
        return call(requester.route(RoomRoutes.JOIN).metadata(token.metadata(), CallerToken.MIME_TYPE)
                .data(command).retrieveMono(Room.class));
    }

    public Mono<Membership> membership(CallerToken token, UUID roomId) {
        return call(requester.route(RoomRoutes.MEMBERSHIP, roomId)
                .metadata(token.metadata(), CallerToken.MIME_TYPE).retrieveMono(Membership.class));
    }

    public Mono<Room> changePassword(CallerToken token, UUID roomId, ChangeRoomPassword command) {
        return call(requester.route(RoomRoutes.CHANGE_PASSWORD, roomId)
                .metadata(token.metadata(), CallerToken.MIME_TYPE).data(command).retrieveMono(Room.class));
    }

    public Mono<Membership> removeMember(CallerToken token, UUID roomId, RemoveMember command) {
        return call(requester.route(RoomRoutes.REMOVE_MEMBER, roomId)
                .metadata(token.metadata(), CallerToken.MIME_TYPE).data(command).retrieveMono(Membership.class));
    }

    /** Rooms created from now on, anywhere; errors are already translated. */
    public Flux<RoomCreated> events(CallerToken token) {
        return requester.route(RoomRoutes.EVENTS).metadata(token.metadata(), CallerToken.MIME_TYPE)
                .retrieveFlux(RoomCreated.class)
                .onErrorMap(RemoteErrors::translate);
    }

    private <T> Mono<T> call(Mono<T> call) {
        return call.retryWhen(UnreachableInstance.NEXT_INSTANCE).timeout(properties.requestTimeout())
                .onErrorMap(RemoteErrors::translate);
    }
}
