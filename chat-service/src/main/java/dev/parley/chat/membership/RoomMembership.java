package dev.parley.chat.membership;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The authority on who belongs to which room (room-service). Emits whether the token's subject is a member; fails
 * with a {@link dev.parley.model.ParleyException} (SERVICE_UNAVAILABLE when the authority cannot be reached).
 */
public interface RoomMembership {

    Mono<Boolean> isMember(UUID roomId, Jwt caller);
}
