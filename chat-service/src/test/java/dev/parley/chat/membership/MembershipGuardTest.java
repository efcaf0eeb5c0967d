package dev.parley.chat.membership;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import io.rsocket.exceptions.ApplicationErrorException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class MembershipGuardTest {

    private final UUID room = UUID.randomUUID();

    private final AtomicInteger lookups = new AtomicInteger();

    @Test
    void requireMemberWhenMemberThenAsksOnceAndCachesTheAnswer() {
        MembershipGuard guard = new MembershipGuard(answering(true), Duration.ofMinutes(1), 100);

        StepVerifier.create(guard.requireMember(room, token("alice"))).verifyComplete();
        StepVerifier.create(guard.requireMember(room, token("alice"))).verifyComplete();

        assertThat(lookups).hasValue(1);
    }

    @Test
    void requireMemberWhenNotMemberThenNotAMemberAndAsksAgainNextTime() {
        MembershipGuard guard = new MembershipGuard(answering(false), Duration.ofMinutes(1), 100);

        StepVerifier.create(guard.requireMember(room, token("mallory")))
                .expectErrorSatisfies(e -> assertThat(((ParleyException) e).code()).isEqualTo(ErrorCode.NOT_A_MEMBER))
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(guard.requireMember(room, token("mallory"))).expectError().verify(Duration.ofSeconds(5));

        assertThat(lookups).hasValue(2);
    }

    @Test
    void aRemovedMemberIsAskedAboutAgainInsteadOfTrustedFromTheCache() {
        MembershipGuard guard = new MembershipGuard(answering(true), Duration.ofMinutes(1), 100);
        StepVerifier.create(guard.requireMember(room, token("bob"))).verifyComplete();

        guard.forget(room, "bob");
        StepVerifier.create(guard.requireMember(room, token("bob"))).verifyComplete();

        assertThat(lookups).hasValue(2);
    }

    @Test
    void aYesLookedUpWhileARemovalArrivedIsNotCached() {
        Sinks.One<Boolean> answer = Sinks.one();
        MembershipGuard guard = new MembershipGuard((roomId, caller) -> {
            lookups.incrementAndGet();
            return answer.asMono();
        }, Duration.ofMinutes(1), 100);

        StepVerifier.create(guard.requireMember(room, token("bob")))
                .then(() -> guard.forget(room, "bob"))
                .then(() -> answer.tryEmitValue(true))
                .verifyComplete();
        StepVerifier.create(guard.requireMember(room, token("bob"))).verifyComplete();

        assertThat(lookups).as("the answer that predates the removal was used once, never cached").hasValue(2);
    }

    @Test
    void translateWhenRoomServiceRefusesThenItsCodePassesThroughElseServiceUnavailable() {
        Throwable refused = RoomServiceMembership.translate(new ApplicationErrorException("NOT_A_MEMBER: no"));
        Throwable crashed = RoomServiceMembership.translate(new ApplicationErrorException("INTERNAL: internal error"));
        Throwable unreachable = RoomServiceMembership.translate(new java.net.ConnectException("refused"));

        assertThat(((ParleyException) refused).code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(((ParleyException) crashed).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(((ParleyException) unreachable).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    }

    private RoomMembership answering(boolean member) {
        return (roomId, caller) -> Mono.fromCallable(() -> {
            lookups.incrementAndGet();
            return member;
        });
    }

    private static Jwt token(String subject) {
        return Jwt.withTokenValue("t").header("alg", "none").subject(subject).issuedAt(Instant.now()).build();
    }
}
