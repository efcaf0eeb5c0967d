package dev.parley.room.user;

import dev.parley.model.UserProfile;

import org.springframework.security.oauth2.jwt.Jwt;

/** Reads a {@link UserProfile} from the claims of an access token. */
final class TokenProfile {

    private TokenProfile() {
    }

    /** The subject, a display name from name, preferred_username, email or else the subject, and the e-mail. */
    static UserProfile of(Jwt jwt) {
        String subject = jwt.getSubject();
        String email = text(jwt, "email");
        String displayName = firstNonBlank(text(jwt, "name"), text(jwt, "preferred_username"), email, subject);
        return new UserProfile(subject, displayName, email);
    }

    private static String text(Jwt jwt, String claim) {
        Object value = jwt.getClaims().get(claim);
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    private static String firstNonBlank(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
