package dev.parley.gateway.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.security.oauth2.jwt.Jwt;

import dev.parley.model.frame.ServerFrame;

/** What the session tests share: a verified token for a user, and the frames a session wrote. */
final class SessionTestTokens {

    private SessionTestTokens() {
    }

    /** A token that verified, for {@code subject}, valid for an hour; its value is the subject. */
    static Jwt jwt(String subject) {
        Instant now = Instant.now();
        return Jwt.withTokenValue(subject).header("alg", "RS256").subject(subject).issuedAt(now)
                .expiresAt(now.plus(Duration.ofHours(1))).build();
    }

    /** The frames among what a session wrote, without the room lists every sign-in brings. */
    static List<ServerFrame> frames(List<Outgoing> received) {
        return received.stream()
                .filter(outgoing -> outgoing instanceof Outgoing.Frame)
                .map(outgoing -> ((Outgoing.Frame) outgoing).frame())
                .filter(frame -> !(frame instanceof ServerFrame.Rooms))
                .toList();
    }
}
