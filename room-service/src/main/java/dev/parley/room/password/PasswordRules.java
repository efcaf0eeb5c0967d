package dev.parley.room.password;

import java.nio.charset.StandardCharsets;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;

/** The rules a new room password must meet. */
record PasswordRules(int minLength) {

    /** bcrypt ignores (Spring Security rejects) everything after the first 72 bytes of a password. */
    static final int MAX_BYTES = 72;

    void check(String password) {
        if (password == null || password.isEmpty()) {
            throw new ParleyException(ErrorCode.INVALID_PASSWORD, "a password is required");
        }
        if (password.codePointCount(0, password.length()) < minLength) {
            throw new ParleyException(ErrorCode.INVALID_PASSWORD,
                    "the password must have at least " + minLength + " characters");
        }
        if (!fitsBcrypt(password)) {
            throw new ParleyException(ErrorCode.INVALID_PASSWORD,
                    "the password must be at most " + MAX_BYTES + " bytes in UTF-8");
        }
    }

    static boolean fitsBcrypt(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }
}
