package dev.parley.room.password;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;

/** The rules a new room password must meet. */
record PasswordRules(int minLength) {

    /** bcrypt ignores (Spring Security rejects) everything after the first 72 bytes of a password. */
    static final int MAX_BYTES = 72;

    /** Throws INVALID_PASSWORD unless the password is fit for the room with this (valid) name. */
    void check(String password, String roomName) {
        if (password == null || password.isEmpty()) {
            throw invalid("a password is required");
        }
        if (password.codePointCount(0, password.length()) < minLength) {
            throw invalid("the password must have at least " + minLength + " characters");
        }
        if (hasLoneSurrogate(password)) {
            throw invalid("the password is not valid Unicode (a lone surrogate)");
        }
        if (!fitsBcrypt(password)) {
            throw invalid("the password must be at most " + MAX_BYTES + " bytes in UTF-8");
        }
        if (password.codePoints().allMatch(PasswordRules::isSpace)) {
            throw invalid("the password must not be only whitespace");
        }
        if (roomName != null && folded(password).equals(folded(roomName))) {
            throw invalid("the password must not be the room's name");
        }
    }

    /** Whether bcrypt can hash exactly this password: it has a UTF-8 form, of at most {@value #MAX_BYTES} bytes. */
    static boolean fitsBcrypt(String password) {
        return !hasLoneSurrogate(password) && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    // NOTE: an unpaired surrogate has no UTF-8 form; getBytes (and so bcrypt) turns it into '?', so that U+D800
    // followed by "abcdefgh" would be the same password as "?abcdefgh". Refused, never silently changed.
    private static boolean hasLoneSurrogate(String text) {
        return text.codePoints().anyMatch(codePoint -> Character.getType(codePoint) == Character.SURROGATE);
    }

    // NOTE: isSpaceChar as well, so that no-break and other Unicode spaces count as whitespace too.
    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** The form in which a password and a room name compare: trimmed, NFC like room names, lower case. */
    private static String folded(String text) {
        return Normalizer.normalize(text.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    private static ParleyException invalid(String detail) {
        return new ParleyException(ErrorCode.INVALID_PASSWORD, detail);
    }
}
