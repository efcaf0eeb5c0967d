package dev.parley.chat.membership;

import java.time.Duration;
import java.util.UUID;

import dev.parley.model.ErrorCode;
import dev.parley.model.Membership;
import dev.parley.model.ParleyException;
import dev.parley.model.RoomRoutes;
import io.rsocket.RSocketErrorException;
import io.rsocket.metadata.WellKnownMimeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import org.springframework.util.MimeType;

/** Asks room-service over RSocket, on the caller's behalf (their token), whether they are a member. */
final class RoomServiceMembership implements RoomMembership {

    private static final Logger log = LoggerFactory.getLogger(RoomServiceMembership.class);

    // NOTE: Spring Security 7's BearerTokenAuthenticationEncoder writes the well-known authentication metadata
    // (message/x.rsocket.authentication.v0, bearer type); the legacy ...bearer.v0 type is deprecated. Responders
    // configured with RSocketSecurity.jwt() accept both.
    private static final MimeType BEARER = MimeType.valueOf(WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString());

    private final RSocketRequester roomService;

    private final Duration timeout;

    RoomServiceMembership(RSocketRequester roomService, Duration timeout) {
        this.roomService = roomService;
        this.timeout = timeout;
    }

    @Override
    public Mono<Boolean> isMember(UUID roomId, Jwt caller) {
        return roomService.route(RoomRoutes.MEMBERSHIP, roomId)
                .metadata(new BearerTokenMetadata(caller.getTokenValue()), BEARER)
                .retrieveMono(Membership.class)
                .retryWhen(UnreachableInstance.NEXT_INSTANCE)
                .timeout(timeout)
                .map(Membership::member)
                .defaultIfEmpty(false)
                .onErrorMap(RoomServiceMembership::translate);
    }

    /** room-service's own refusals (e.g. NOT_A_MEMBER, TOKEN_INVALID) pass through; anything else means "unavailable". */
    static Throwable translate(Throwable error) {
        if (error instanceof RSocketErrorException remote && remote.getMessage() != null) {
            String message = remote.getMessage();
            int colon = message.indexOf(": ");
            if (colon > 0) {
                try {
                    ErrorCode code = ErrorCode.valueOf(message.substring(0, colon));
                    if (!code.retryable()) {
                        return new ParleyException(code, message.substring(colon + 2));
                    }
                }
                catch (IllegalArgumentException notOurs) {
                    // not a Parley wire error: fall through to "unavailable"
                }
            }
        }
        log.warn("Membership check with room-service failed: {}", error.toString());
        return new ParleyException(ErrorCode.SERVICE_UNAVAILABLE, "room-service is unavailable, try again");
    }
}
