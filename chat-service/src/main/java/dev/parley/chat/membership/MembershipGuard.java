package dev.parley.chat.membership;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;

/** Lets a request through only if its caller is a member of the room; positive answers are cached for a while. */
public final class MembershipGuard {

    private final RoomMembership membership;

    // NOTE: only "yes" is cached, so a user who just joined is never refused because of a stale "no".
    private final Cache<Member, Boolean> members;

    MembershipGuard(RoomMembership membership, Duration ttl, long maxEntries) {
        this.membership = membership;
        this.members = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
    }

    /** Completes if the caller is a member of the room, else fails with NOT_A_MEMBER (or SERVICE_UNAVAILABLE). */
    public Mono<Void> requireMember(UUID roomId, Jwt caller) {
        return Mono.defer(() -> {
            Member member = new Member(roomId, caller.getSubject());
            if (members.getIfPresent(member) != null) {
                return Mono.empty();
            }
            return membership.isMember(roomId, caller).flatMap(isMember -> {
                if (!isMember) {
                    return Mono.error(new ParleyException(ErrorCode.NOT_A_MEMBER, "you are not a member of this room"));
                }
                members.put(member, Boolean.TRUE);
                return Mono.empty();
            });
        });
    }

    private record Member(UUID roomId, String userId) {
    }
}
