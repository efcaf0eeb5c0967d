package dev.parley.chat.message;

import org.springframework.security.oauth2.jwt.Jwt;

/** Who posts a message: the token subject and the best display name the token offers. */
record Sender(String id, String name) {

    static Sender of(Jwt token) {
        String subject = token.getSubject();
        return new Sender(subject, firstPresent(token, "name", "preferred_username", "email", subject));
    }

    private static String firstPresent(Jwt token, String first, String second, String third, String fallback) {
        for (String claim : new String[] { first, second, third }) {
            String value = token.getClaimAsString(claim);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return fallback;
    }
}
