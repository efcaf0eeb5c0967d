package dev.parley.chat.membership;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

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

    /** Removals heard of so far: a "yes" looked up while one arrived may predate it and is not kept. */
    private final AtomicLong removals = new AtomicLong();

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
            long removalsBefore = removals.get();
            return membership.isMember(roomId, caller).flatMap(isMember -> {
                if (!isMember) {
                    return Mono.error(new ParleyException(ErrorCode.NOT_A_MEMBER, "you are not a member of this room"));
                }
                // NOTE: put, then check: a removal counted after the check invalidates after this put.
                members.put(member, Boolean.TRUE);
                if (removals.get() != removalsBefore) {
                    members.invalidate(member);
                }
                return Mono.empty();
            });
        });
    }

    /** Stops trusting that this user is a member of the room (they were removed). */
    public void forget(UUID roomId, String userId) {
        removals.incrementAndGet();
        members.invalidate(new Member(roomId, userId));
    }

    private record Member(UUID roomId, String userId) {
    }
}
