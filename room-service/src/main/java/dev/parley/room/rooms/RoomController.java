package dev.parley.room.rooms;

import java.util.UUID;

import dev.parley.model.ChangeRoomPassword;
import dev.parley.model.CreateRoom;
import dev.parley.model.ErrorCode;
import dev.parley.model.JoinRoom;
import dev.parley.model.Membership;
import dev.parley.model.ParleyException;
import dev.parley.model.RemoveMember;
import dev.parley.model.Room;
import dev.parley.model.RoomPage;
import dev.parley.model.RoomQuery;
import dev.parley.model.RoomRoutes;
import dev.parley.model.UserProfile;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Controller;

/** Serves the room and membership routes of {@link RoomRoutes}. */
@Controller
class RoomController {

    private final Rooms rooms;

    RoomController(Rooms rooms) {
        this.rooms = rooms;
    }

    @MessageMapping(RoomRoutes.CREATE)
    Mono<Room> create(@AuthenticationPrincipal Jwt caller, @Payload CreateRoom command) {
        return rooms.create(caller, command);
    }

    @MessageMapping(RoomRoutes.PAGE)
    Mono<RoomPage> list(@Payload(required = false) RoomQuery query) {
        return rooms.list(query);
    }

    @MessageMapping(RoomRoutes.JOIN)
    Mono<Room> join(@AuthenticationPrincipal Jwt caller, @Payload JoinRoom command) {
        return rooms.join(caller, command);
    }

    @MessageMapping(RoomRoutes.MEMBERSHIP)
    Mono<Membership> membership(@AuthenticationPrincipal Jwt caller, @DestinationVariable("roomId") String roomId) {
        return Mono.defer(() -> rooms.membership(caller, roomId(roomId)));
    }

    @MessageMapping(RoomRoutes.MEMBERS)
    Flux<UserProfile> members(@AuthenticationPrincipal Jwt caller, @DestinationVariable("roomId") String roomId) {
        return Flux.defer(() -> rooms.members(caller, roomId(roomId)));
    }

    @MessageMapping(RoomRoutes.CHANGE_PASSWORD)
    Mono<Room> changePassword(@AuthenticationPrincipal Jwt caller, @DestinationVariable("roomId") String roomId,
            @Payload ChangeRoomPassword command) {
        return Mono.defer(() -> rooms.changePassword(caller, roomId(roomId), command));
    }

    @MessageMapping(RoomRoutes.REMOVE_MEMBER)
    Mono<Membership> removeMember(@AuthenticationPrincipal Jwt caller, @DestinationVariable("roomId") String roomId,
            @Payload RemoveMember command) {
        return Mono.defer(() -> rooms.removeMember(caller, roomId(roomId), command));
    }

    private static UUID roomId(String value) {
        try {
            return UUID.fromString(value);
        }
        catch (IllegalArgumentException e) {
            throw new ParleyException(ErrorCode.INVALID_REQUEST, "roomId must be a UUID");
        }
    }
}
