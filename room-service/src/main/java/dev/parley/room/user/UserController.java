package dev.parley.room.user;

import dev.parley.model.RoomRoutes;
import dev.parley.model.UserProfile;
import reactor.core.publisher.Mono;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Controller;

/** Serves {@link RoomRoutes#USERS_ME} and {@link RoomRoutes#USERS_ME_DELETE}. */
@Controller
class UserController {

    private final Users users;

    UserController(Users users) {
        this.users = users;
    }

    @MessageMapping(RoomRoutes.USERS_ME)
    Mono<UserProfile> me(@AuthenticationPrincipal Jwt jwt) {
        return users.register(jwt);
    }

    @MessageMapping(RoomRoutes.USERS_ME_DELETE)
    Mono<Void> delete(@AuthenticationPrincipal Jwt jwt) {
        return users.delete(jwt);
    }
}
