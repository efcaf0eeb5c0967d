package dev.parley.gateway.api;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.parley.gateway.backend.CallerToken;
import dev.parley.gateway.backend.RoomBackend;
import dev.parley.model.CreateRoom;
import dev.parley.model.JoinRoom;
import dev.parley.model.Room;
import dev.parley.model.RoomPage;
import dev.parley.model.RoomQuery;
import reactor.core.publisher.Mono;

/** Rooms for backend callers; room-service checks the forwarded token and decides, exactly as for the WebSocket. */
@RestController
@RequestMapping(path = "/api/rooms", produces = "application/json")
class RoomsController {

    private final RoomBackend rooms;

    RoomsController(RoomBackend rooms) {
        this.rooms = rooms;
    }

    /** A page of rooms in name order; room-service owns the bounds of {@code search}, {@code after} and {@code limit}. */
    @GetMapping
    Mono<RoomPage> list(@AuthenticationPrincipal Jwt caller, @RequestParam(required = false) String search,
            @RequestParam(required = false) String after, @RequestParam(required = false) Integer limit) {
        return rooms.list(new CallerToken(caller.getTokenValue()), new RoomQuery(search, after, limit));
    }

    @PostMapping(consumes = "application/json")
    Mono<ResponseEntity<Room>> create(@AuthenticationPrincipal Jwt caller, @RequestBody CreateRoom command) {
        // NOTE: there is no resource for one room, so Location names the new room's messages.
        return rooms.create(new CallerToken(caller.getTokenValue()), command)
                .map(room -> ResponseEntity.created(URI.create("/api/rooms/" + room.id() + "/messages")).body(room));
    }

    @PostMapping(path = "/join", consumes = "application/json")
    Mono<Room> join(@AuthenticationPrincipal Jwt caller, @RequestBody JoinRoom command) {
        return rooms.join(new CallerToken(caller.getTokenValue()), command);
    }
}
