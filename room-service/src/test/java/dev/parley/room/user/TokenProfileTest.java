package dev.parley.room.user;

import java.util.Map;

import dev.parley.model.UserProfile;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class TokenProfileTest {

    @Test
    void profileWhenNameClaimPresentThenDisplayNameIsName() {
        assertThat(TokenProfile.of(jwt(Map.of("name", "Alice A.", "preferred_username", "alice",
                "email", "alice@example.org"))))
            .isEqualTo(new UserProfile("sub-1", "Alice A.", "alice@example.org"));
    }

    @Test
    void profileWhenNoNameThenDisplayNameIsPreferredUsername() {
        assertThat(TokenProfile.of(jwt(Map.of("name", " ", "preferred_username", "alice"))))
            .isEqualTo(new UserProfile("sub-1", "alice", null));
    }

    @Test
    void profileWhenOnlyEmailThenDisplayNameIsEmail() {
        assertThat(TokenProfile.of(jwt(Map.of("email", "alice@example.org"))))
            .isEqualTo(new UserProfile("sub-1", "alice@example.org", "alice@example.org"));
    }

    @Test
    void profileWhenNoProfileClaimsThenDisplayNameIsSubject() {
        assertThat(TokenProfile.of(jwt(Map.of()))).isEqualTo(new UserProfile("sub-1", "sub-1", null));
    }

    private static Jwt jwt(Map<String, Object> claims) {
        return Jwt.withTokenValue("token").header("alg", "none").subject("sub-1").claims(c -> c.putAll(claims)).build();
    }
}
