package dev.parley.room.password;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A password checked for a room: the room's name as looked up (normalized and in lower case, so that "General" and
 * "general" are the same room), the password, and the hash it is checked against (null: an unknown room's dummy).
 * NOTE: the name is part of the key for known and unknown rooms alike, so that whether two joins share a check never
 * depends on whether the room exists (the timing would tell).
 */
record PasswordCheck(String room, String password, String hash) {

    PasswordCheck {
        room = room == null ? "" : Normalizer.normalize(room.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "PasswordCheck[room=" + room + ", password=***, hash=***]";
    }
}
