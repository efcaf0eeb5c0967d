package dev.parley.room.rooms;

import java.text.Normalizer;
import java.util.regex.Pattern;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;

/** A valid room name: trimmed, 1 to 64 characters, letters, digits, space, '-', '_' and '.', starting alphanumeric. */
record RoomName(String value) {

    static final int MAX_LENGTH = 64;

    // NOTE: \p{M} (combining marks) belongs to "letters" for scripts such as Devanagari, whose letters need them.
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Nd}][\\p{L}\\p{M}\\p{Nd} ._-]*");

    RoomName {
        if (value == null) {
            throw invalid("a room name is required");
        }
        // NOTE: NFC, so that "é" typed as one or as two code points is the same name (and hits the unique index).
        value = Normalizer.normalize(value.strip(), Normalizer.Form.NFC);
        int length = value.codePointCount(0, value.length());
        if (length == 0) {
            throw invalid("a room name is required");
        }
        if (length > MAX_LENGTH) {
            throw invalid("a room name has at most " + MAX_LENGTH + " characters");
        }
        if (!ALLOWED.matcher(value).matches()) {
            throw invalid("a room name has only letters, digits, spaces, '-', '_' and '.', "
                    + "and starts with a letter or digit");
        }
    }

    /**
     * A name as given by a caller, made comparable with stored names without validating it: stripped and NFC as names
     * are stored, so that "é" typed as one or two code points is the same name; NUL, which PostgreSQL text cannot
     * hold and no name has (nor U+FFFD), becomes U+FFFD, so such a lookup simply finds nothing. Null stays null.
     */
    static String lookupKey(String name) {
        return name == null ? null : Normalizer.normalize(name.strip(), Normalizer.Form.NFC).replace('\u0000', '\uFFFD');
    }

    private static ParleyException invalid(String detail) {
        return new ParleyException(ErrorCode.INVALID_ROOM_NAME, detail);
    }
}
