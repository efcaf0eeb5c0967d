package dev.parley.system;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.parley.system.JsonText.object;
import static dev.parley.system.JsonText.raw;

/**
 * The frames of the bad-input suite, each with the answer docs/protocol.md promises for it: a table of hand-written
 * cases per category, and cases generated from a seeded {@link Random} (message texts and client ids, and mutations
 * of valid frames), so that a failing run can be repeated with its seed.
 */
final class BadFrames {

    static final String BAD_FRAME = "BAD_FRAME";

    static final String INVALID_ROOM_NAME = "INVALID_ROOM_NAME";

    static final String INVALID_PASSWORD = "INVALID_PASSWORD";

    static final String INVALID_MESSAGE = "INVALID_MESSAGE";

    static final String INVALID_REQUEST = "INVALID_REQUEST";

    static final String NOT_A_MEMBER = "NOT_A_MEMBER";

    static final String UNAUTHENTICATED = "UNAUTHENTICATED";

    /** Documented limits (docs/protocol.md sections 3 to 5). */
    static final int MAX_TEXT = 4000;

    static final int MAX_NAME = 64;

    static final int MAX_PASSWORD_BYTES = 72;

    /** The rooms the cases refer to; {@code chat} and {@code quiet} are the signed-in user's, {@code foreign} is not. */
    record Fixture(UUID chat, String chatName, String chatPassword, UUID quiet, UUID foreign, String suffix) {
    }

    /** What the server must answer. */
    sealed interface Expected {
    }

    /** An {@code error} frame with one of these codes. */
    record Refused(Set<String> codes) implements Expected {
    }

    /** A reply of this type. */
    record Answered(String type) implements Expected {
    }

    /** Any documented answer (the protocol leaves the exact one open), as long as it is not INTERNAL. */
    record Survived() implements Expected {
    }

    /** A {@code message.ack}; the message must then be in the room's history exactly as sent. */
    record Stored(String clientMsgId, String text) implements Expected {
    }

    /** A {@code room.joined} for a new room named {@code name} (stripped, NFC), joinable with {@code password}. */
    record Created(String name, String password) implements Expected {
    }

    /**
     * One frame to send. {@code ref} is the ref inside the frame when the server can read it (the reply then carries
     * it), or null when the frame is unreadable (the error then has ref null).
     */
    record Case(String category, String label, String json, String ref, Expected expected) {

        @Override
        public String toString() {
            String shown = json.length() > 240 ? json.substring(0, 240) + "…(" + json.length() + " chars)" : json;
            return category + " / " + label + ": " + shown;
        }
    }

    /** Strings that must never be interpreted: SQL, markup, templates, lookups, format strings, header splitting. */
    static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE message; --",
            "' OR '1'='1",
            "\" OR \"\"=\"",
            "1; SELECT pg_sleep(5); --",
            "'); DELETE FROM rooms; --",
            "$$; DROP TABLE memberships; $$",
            "\\'; TRUNCATE users CASCADE; --",
            "admin'--",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(document.cookie)>",
            "\"><svg/onload=alert(1)>",
            "javascript:alert(1)",
            "{{7*7}}${7*7}#{7*7}",
            "${jndi:ldap://127.0.0.1:1389/a}",
            "%s%s%s%n%x%p",
            "../../../../etc/passwd",
            "{\"type\":\"auth\",\"token\":\"x\"}",
            "\r\nSet-Cookie: session=stolen",
            "😀'; DROP TABLE rooms; --",
            "\\u0000\\ud800 (escapes as plain text)");

    /** Unicode edge cases that are valid message texts and must be stored exactly. */
    static final List<String> ODD_VALID_TEXTS = List.of(
            "\u200d", "👨‍👩‍👧‍👦", "\u202eevil.exe\u202c", "\u2066\u2067\u2068\u2069x", "\u200b", "\ufeffbom",
            "\ufffd", "a\u2028b\u2029c", "e\u0301 vs \u00e9", "Z̴̡̧̛̗̘̙̜̝̞̟a̵l̶g̷o̸", "𝕳𝖊𝖑𝖑𝖔 \udbff\udfff", "👍🏽🇺🇳🏳️‍🌈",
            "ﷺ ß İ ı ǅ", "tab\there\r\nand\nnewlines", "\u00a0x\u00a0", "\ufe0f\u20e3", "\udb40\udc41 tag",
            "مرحبا بالعالم", "שלום עולם", "日本語のテキスト", "∀x∈ℝ: x² ≥ 0");

    /** Texts with an unpaired UTF-16 surrogate, which has no UTF-8 form (JsonText sends them as escapes). */
    static final List<String> LONE_SURROGATES = List.of("\ud800", "a\udc00b", "\udc00\ud800", "😀\ud83d", "x\udbff");

    /** Forbidden control characters: C0 other than \n \r \t, DEL, C1. */
    static final List<String> CONTROLS = List.of("\u0000", "\u0001", "\u0007", "\u0008", "\u000b", "\u000c", "\u001b",
            "\u001f", "\u007f", "\u0080", "\u0085", "\u009b", "\u009f");

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final Fixture fx;

    private final Random random;

    private final List<Case> cases = new ArrayList<>();

    private int refs;

    private int msgIds;

    private String category = "?";

    BadFrames(Fixture fixture, Random random) {
        this.fx = fixture;
        this.random = random;
    }

    /** Every case for a signed-in member of {@code chat} and {@code quiet}, in the order to send them. */
    List<Case> signedIn() {
        malformedJson();
        unknownTypes();
        wrongTypes();
        missingFields();
        numbersOutOfRange();
        roomIds();
        roomNames();
        passwords();
        joins();
        clientMsgIds();
        texts();
        refs();
        spoofedFields();
        generatedTexts(150);
        mutations(150);
        ownerOperations();
        return List.copyOf(cases);
    }

    /** Frames before sign-in: readable ones get UNAUTHENTICATED, unreadable ones BAD_FRAME; none closes. */
    List<Case> beforeSignIn() {
        in("before sign-in");
        for (String type : List.of("ping", "rooms.list")) {
            add(type, frame(type), refused(UNAUTHENTICATED));
        }
        add("room.create", frame("room.create", "name", "Sneaky " + fx.suffix(), "password", "correct horse"),
                refused(UNAUTHENTICATED));
        add("room.join", frame("room.join", "name", fx.chatName(), "password", fx.chatPassword()),
                refused(UNAUTHENTICATED));
        add("room.enter", frame("room.enter", "roomId", fx.chat().toString()), refused(UNAUTHENTICATED));
        add("room.leave", frame("room.leave", "roomId", fx.chat().toString()), refused(UNAUTHENTICATED));
        add("history.fetch", frame("history.fetch", "roomId", fx.chat().toString()), refused(UNAUTHENTICATED));
        add("message.send", frame("message.send", "roomId", fx.chat().toString(), "clientMsgId", "anon-1", "text",
                "before sign-in"), refused(UNAUTHENTICATED));
        add("token of the wrong type", unreadable(object("type", "auth", "token", raw("{\"alg\":\"none\"}"))),
                refused(BAD_FRAME));
        add("token array", unreadable(object("type", "auth", "token", raw("[\"a\",\"b\"]"))), refused(BAD_FRAME));
        for (String junk : List.of("", "{", "null", "[]", "{\"type\":\"auth\"", "{\"type\":\"nope\"}", "\"auth\"")) {
            add("junk " + junk, unreadable(junk), refused(BAD_FRAME));
        }
        return List.copyOf(cases);
    }

    // ---------------------------------------------------------------- categories

    private void malformedJson() {
        in("malformed JSON");
        List<String> junk = List.of("", " ", "\n", "{", "}", "[", "]", "{{}}", "{\"type\":", "{\"type\":\"ping\"",
                "{\"type\":\"ping\",}", "{'type':'ping'}", "{type:\"ping\"}", "{\"type\" \"ping\"}",
                "{\"type\":\"ping\"}{\"type\":\"ping\"}", "{\"type\":\"ping\"} x", "{\"type\":\"ping\"}]",
                "/* c */{\"type\":\"ping\"}", "{\"type\":\"ping\"}// c", "{\"type\":\"pi\\ng\"}",
                "{\"type\":\"p\\x69ng\"}", "{\"type\":\"ping\",\"ref\":\"\\u12\"}", "{\"type\":\"ping\",\"ref\":\"a",
                "{\"type\":\"ping\",\"ref\":\"a\nb\"}", "{\"type\":\"ping\",\"ref\":\"\u0000\"}", "\ufeff{\"type\":\"ping\"}",
                "{\"type\":\"ping\",\"x\":NaN}", "{\"type\":\"ping\",\"x\":Infinity}", "{\"type\":\"ping\",\"x\":01}",
                "{\"type\":\"ping\",\"x\":.5}", "{\"type\":\"ping\",\"x\":+1}", "{\"type\":\"ping\",\"x\":1.}",
                "{\"type\":\"ping\",\"x\":undefined}", "{\"type\":\"ping\",\"x\":True}",
                "{\"type\":\"ping\",\"x\":" + "9".repeat(5000) + "}", "null", "true", "42", "-1.5e300", "\"ping\"",
                "[]", "[{\"type\":\"ping\"}]", "[" + "[".repeat(5000) + "]".repeat(5000) + "]",
                "{\"type\":\"ping\",\"x\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) + "}",
                "{\"type\":\"ping\",\"x\":" + "[".repeat(20000) + "]".repeat(20000) + "}",
                "\u0000", "\u0000{\"type\":\"ping\"}", "<xml/>", "type=ping&ref=1", "ping");
        for (String text : junk) {
            add(label(text), unreadable(text), refused(BAD_FRAME));
        }
        // Odd but readable: whitespace around, unknown fields (ignored), a large unknown field.
        add("whitespace around", " \n\t{ \"type\" : \"ping\" , \"ref\" : \"" + nextRef() + "\" }\r\n",
                answered("pong"));
        add("unknown fields", frame("ping", "x", raw("{\"a\":[1,2,{\"b\":null}]}"), "__proto__",
                raw("{\"admin\":true}"), "constructor", 1), answered("pong"));
        add("60 KB unknown field", frame("ping", "padding", "p".repeat(60_000)), answered("pong"));
    }

    private void unknownTypes() {
        in("unknown type");
        List<Object> types = List.of("PING", " ping", "ping ", "", "pong", "auth2", "room.delete", "rooms.drop",
                "message.delete", "admin", "__proto__", "constructor", "ping\u0000", "píng", "ping\u200b",
                "<script>alert(1)</script>", "'; DROP TABLE rooms; --", "x".repeat(10_000),
                raw("null"), raw("5"), raw("true"), raw("[]"), raw("[\"ping\"]"), raw("{}"));
        for (Object type : types) {
            add(label(String.valueOf(type instanceof JsonText.Raw r ? r.json() : type)),
                    unreadable(object("type", type, "ref", "t")), refused(BAD_FRAME));
        }
        add("no type", unreadable(object("ref", "t", "roomId", fx.chat().toString())), refused(BAD_FRAME));
        add("type not first", unreadable(object("ref", "t", "x", 1, "type", "nope")), refused(BAD_FRAME));
    }

    /** For every field of every frame type: values of a JSON type the field can never have. */
    private void wrongTypes() {
        in("wrong type");
        List<JsonText.Raw> never = List.of(raw("{}"), raw("[]"), raw("[\"x\"]"), raw("{\"a\":{\"b\":[1]}}"));
        for (Object[] valid : validFrames()) {
            for (int field = 0; field < valid.length; field += 2) {
                for (JsonText.Raw value : never) {
                    Object[] frame = valid.clone();
                    frame[field + 1] = value;
                    add(valid[1] + "." + valid[field] + " = " + value.json(), unreadable(object(frame)),
                            refused(BAD_FRAME));
                }
            }
        }
        // Numbers, and strings standing for numbers or ids, of a kind no reading can accept.
        String quiet = fx.quiet().toString();
        List<JsonText.Raw> notIntegers = List.of(raw("true"), raw("false"), raw("\"abc\""), raw("\"1 2\""),
                raw("1e30"), raw("-1e30"), raw("9223372036854775808"), raw("-9223372036854775809"),
                raw("18446744073709551616"), raw("1" + "0".repeat(400)));
        for (JsonText.Raw value : notIntegers) {
            add("afterSeq = " + value.json(), unreadable(object("type", "room.enter", "ref", "w", "roomId", quiet,
                    "afterSeq", value)), refused(BAD_FRAME));
            add("beforeSeq = " + value.json(), unreadable(object("type", "history.fetch", "ref", "w", "roomId", quiet,
                    "beforeSeq", value)), refused(BAD_FRAME));
            add("limit = " + value.json(), unreadable(object("type", "history.fetch", "ref", "w", "roomId", quiet,
                    "limit", value)), refused(BAD_FRAME));
            add("rooms.list limit = " + value.json(), unreadable(object("type", "rooms.list", "ref", "w", "limit",
                    value)), refused(BAD_FRAME));
        }
        for (JsonText.Raw value : List.of(raw("2147483648"), raw("-2147483649"), raw("9223372036854775807"))) {
            add("limit = " + value.json(), unreadable(object("type", "history.fetch", "ref", "w", "roomId", quiet,
                    "limit", value)), refused(BAD_FRAME));
        }
        // Scalars that a lenient reader would coerce: numbers and booleans for text, text and fractions for integers.
        String chat = fx.chat().toString();
        add("ref number", unreadable(object("type", "ping", "ref", 5)), refused(BAD_FRAME));
        add("text number", unreadable(object("type", "message.send", "roomId", chat, "clientMsgId", "k1", "text",
                12345)), refused(BAD_FRAME));
        add("text boolean", unreadable(object("type", "message.send", "roomId", chat, "clientMsgId", "k2", "text",
                true)), refused(BAD_FRAME));
        add("clientMsgId number", unreadable(object("type", "message.send", "roomId", chat, "clientMsgId", 7,
                "text", "x")), refused(BAD_FRAME));
        add("name number", unreadable(object("type", "room.create", "name", 1_000_000_000L + random.nextInt(1 << 30),
                "password", "correct horse")), refused(BAD_FRAME));
        add("password number", unreadable(object("type", "room.join", "name", fx.chatName(), "password",
                12345678)), refused(BAD_FRAME));
        add("afterSeq string", unreadable(object("type", "room.enter", "roomId", quiet, "afterSeq", "5")),
                refused(BAD_FRAME));
        add("afterSeq fraction", unreadable(object("type", "room.enter", "roomId", quiet, "afterSeq", raw("1.5"))),
                refused(BAD_FRAME));
        add("afterSeq empty string", unreadable(object("type", "room.enter", "roomId", quiet, "afterSeq", "")),
                refused(BAD_FRAME));
        add("limit string", unreadable(object("type", "history.fetch", "roomId", quiet, "limit", "7")),
                refused(BAD_FRAME));
        add("limit fraction", unreadable(object("type", "history.fetch", "roomId", quiet, "limit", raw("1.9"))),
                refused(BAD_FRAME));
        add("beforeSeq fraction", unreadable(object("type", "history.fetch", "roomId", quiet, "beforeSeq",
                raw("2.5"))), refused(BAD_FRAME));
    }

    /**
     * Missing or null fields: a required one is BAD_FRAME whatever its rules (a present but empty value is refused by
     * the rule instead); an optional one may be left out.
     */
    private void missingFields() {
        in("missing field");
        String chat = fx.chat().toString();
        String quiet = fx.quiet().toString();
        for (String type : List.of("room.enter", "room.leave", "history.fetch", "room.password.change",
                "room.member.remove")) {
            add(type + " without roomId", frame(type), refused(BAD_FRAME));
            add(type + " with roomId null", frame(type, "roomId", null), refused(BAD_FRAME));
            add(type + " with roomId empty", frame(type, "roomId", ""), refused(BAD_FRAME));
        }
        add("message.send without roomId", frame("message.send", "clientMsgId", nextMsgId(), "text", "x"),
                refused(BAD_FRAME));
        add("message.send with only a type", frame("message.send"), refused(BAD_FRAME));
        add("roomId of 36 NULs (trimmed to empty, then null)", frame("history.fetch", "roomId",
                "\u0000".repeat(36)), refused(BAD_FRAME));
        add("roomId of blanks", frame("room.enter", "roomId", " ".repeat(36)), refused(BAD_FRAME));
        add("room.create without name", frame("room.create", "password", "correct horse"), refused(BAD_FRAME));
        add("room.create with name null", frame("room.create", "name", null, "password", "correct horse"),
                refused(BAD_FRAME));
        add("room.create without password", frame("room.create", "name", "No pw " + fx.suffix()),
                refused(BAD_FRAME));
        add("room.create with password null", frame("room.create", "name", "Null pw " + fx.suffix(), "password",
                null), refused(BAD_FRAME));
        add("room.join without name", frame("room.join", "password", "correct horse"), refused(BAD_FRAME));
        add("room.join without password", frame("room.join", "name", fx.chatName()), refused(BAD_FRAME));
        add("room.join with password null", frame("room.join", "name", fx.chatName(), "password", null),
                refused(BAD_FRAME));
        add("message.send without clientMsgId", frame("message.send", "roomId", chat, "text", "x"),
                refused(BAD_FRAME));
        add("message.send without text", frame("message.send", "roomId", chat, "clientMsgId", nextMsgId()),
                refused(BAD_FRAME));
        add("message.send with text null", frame("message.send", "roomId", chat, "clientMsgId", nextMsgId(), "text",
                null), refused(BAD_FRAME));
        add("room.password.change without newPassword", frame("room.password.change", "roomId", quiet),
                refused(BAD_FRAME));
        add("room.member.remove without userId", frame("room.member.remove", "roomId", quiet), refused(BAD_FRAME));
        // Optional fields may be left out or null.
        add("room.enter afterSeq null", frame("room.enter", "roomId", fx.quiet().toString(), "afterSeq", null),
                answered("room.entered"));
        add("history.fetch limit and beforeSeq null", frame("history.fetch", "roomId", fx.quiet().toString(),
                "beforeSeq", null, "limit", null), answered("history"));
        add("ref null", object("type", "rooms.list", "ref", null), answered("rooms"));
        add("rooms.list search, after and limit null", frame("rooms.list", "search", null, "after", null, "limit",
                null), answered("rooms"));
    }

    private void numbersOutOfRange() {
        in("range");
        String quiet = fx.quiet().toString();
        for (long afterSeq : new long[] { -1, -2, Integer.MIN_VALUE, Long.MIN_VALUE }) {
            add("afterSeq " + afterSeq, frame("room.enter", "roomId", quiet, "afterSeq", afterSeq),
                    refused(INVALID_REQUEST));
        }
        for (long afterSeq : new long[] { 0, 1, Integer.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE }) {
            add("afterSeq " + afterSeq, frame("room.enter", "roomId", quiet, "afterSeq", afterSeq),
                    answered("room.entered"));
        }
        add("room.leave of an entered room", frame("room.leave", "roomId", quiet), answered("room.left"));
        add("room.leave of a room not entered", frame("room.leave", "roomId", UUID.randomUUID().toString()),
                answered("room.left"));
        for (long beforeSeq : new long[] { 0, -1, Integer.MIN_VALUE, Long.MIN_VALUE }) {
            add("beforeSeq " + beforeSeq, frame("history.fetch", "roomId", quiet, "beforeSeq", beforeSeq),
                    refused(INVALID_REQUEST));
        }
        for (long beforeSeq : new long[] { 1, 2, Integer.MAX_VALUE, Long.MAX_VALUE }) {
            add("beforeSeq " + beforeSeq, frame("history.fetch", "roomId", quiet, "beforeSeq", beforeSeq),
                    answered("history"));
        }
        for (long limit : new long[] { 0, -1, 101, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE }) {
            add("limit " + limit, frame("history.fetch", "roomId", quiet, "limit", limit), refused(INVALID_REQUEST));
        }
        for (long limit : new long[] { 1, 50, 100 }) {
            add("limit " + limit, frame("history.fetch", "roomId", quiet, "limit", limit), answered("history"));
        }
        for (long limit : new long[] { 0, -1, 101, Integer.MAX_VALUE, Integer.MIN_VALUE }) {
            add("rooms.list limit " + limit, frame("rooms.list", "limit", limit), refused(INVALID_REQUEST));
        }
        for (long limit : new long[] { 1, 50, 100 }) {
            add("rooms.list limit " + limit, frame("rooms.list", "limit", limit), answered("rooms"));
        }
        for (String field : List.of("search", "after")) {
            add("rooms.list " + field + " of 65 characters", frame("rooms.list", field, "x".repeat(65)),
                    refused(INVALID_REQUEST));
            add("rooms.list " + field + " of 64 characters", frame("rooms.list", field, "ü".repeat(64)),
                    answered("rooms"));
            add("rooms.list " + field + " with a NUL", frame("rooms.list", field, "a\u0000b"), answered("rooms"));
            add("rooms.list " + field + " blank", frame("rooms.list", field, " \t"), answered("rooms"));
        }
        add("limit -1 and beforeSeq 0", frame("history.fetch", "roomId", quiet, "beforeSeq", 0, "limit", -1),
                refused(INVALID_REQUEST));
        String foreign = fx.foreign().toString();
        add("limit 500 in a foreign room", frame("history.fetch", "roomId", foreign, "limit", 500),
                refused(NOT_A_MEMBER, INVALID_REQUEST));
        add("afterSeq -1 in a foreign room", frame("room.enter", "roomId", foreign, "afterSeq", -1),
                refused(NOT_A_MEMBER, INVALID_REQUEST));
    }

    private void roomIds() {
        in("roomId");
        List<String> unreadable = new ArrayList<>(List.of("not-a-uuid", "0-0-0-0-0", "{" + fx.chat() + "}",
                fx.chat() + "x", fx.chat().toString().replace('-', '_'), "-".repeat(36), "x".repeat(24),
                fx.chat().toString().substring(0, 35) + "g", fx.chat().toString().substring(0, 35),
                "\u0000" + fx.chat().toString().substring(1), "x".repeat(50_000), "\ud800" + fx.chat().toString().substring(1),
                "٠٠٠٠٠٠٠٠-٠٠٠٠-٠٠٠٠-٠٠٠٠-٠٠٠٠٠٠٠٠٠٠٠٠"));
        unreadable.addAll(INJECTIONS);
        for (String roomId : unreadable) {
            for (String type : List.of("room.enter", "history.fetch", "message.send")) {
                add(type + " " + label(roomId), unreadable(object("type", type, "ref", "r", "roomId", roomId,
                        "clientMsgId", "r-1", "text", "x")), refused(BAD_FRAME));
            }
        }
        add("room.leave " + label("not-a-uuid"), unreadable(object("type", "room.leave", "roomId", "' OR 1=1")),
                refused(BAD_FRAME));
        List<String> strangers = List.of(fx.foreign().toString(), UUID.randomUUID().toString(),
                "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                fx.foreign().toString().toUpperCase());
        for (String roomId : strangers) {
            add("enter " + roomId, frame("room.enter", "roomId", roomId), refused(NOT_A_MEMBER));
            add("resume " + roomId, frame("room.enter", "roomId", roomId, "afterSeq", 0), refused(NOT_A_MEMBER));
            add("history " + roomId, frame("history.fetch", "roomId", roomId), refused(NOT_A_MEMBER));
            add("send " + roomId, frame("message.send", "roomId", roomId, "clientMsgId", nextMsgId(), "text",
                    "let me in"), refused(NOT_A_MEMBER));
        }
        // Jackson trims ids (whitespace and control characters) before reading them.
        add("padded UUID of an own room", frame("history.fetch", "roomId", " " + fx.quiet() + "\t"),
                answered("history"));
        add("upper-case UUID of an own room", frame("history.fetch", "roomId", fx.quiet().toString().toUpperCase()),
                answered("history"));
    }

    private void roomNames() {
        in("room name");
        List<String> invalid = new ArrayList<>(List.of("", " ", "   ", "\t", "\n", "-abc", "_abc", ".abc", "a/b",
                "a\\b", "a\nb", "a\tb", "a:b", "a,b", "a;b", "a@b", "a#b", "a+b", "a\"b", "a'b", "a<b>", "a%b",
                "x".repeat(MAX_NAME + 1), "é".repeat(MAX_NAME + 1), "x".repeat(60_000), "a\u0000", "\u0000",
                "a\u0001b", "a\u007f", "a\u0085", "\ud800", "a\udc00", "a\u200db", "a\u200bb", "a\u202eb",
                "\u202eabc", "a\ufeff", "😀", "a😀", "👨‍👩‍👧", "a\u2028b", "a\u3000b", "a\u00a0b", "\u00a0a", "٠\u0663\u0664 ←"));
        invalid.addAll(INJECTIONS);
        for (String name : invalid) {
            add(label(name), frame("room.create", "name", name, "password", "correct horse"),
                    refused(INVALID_ROOM_NAME));
        }
        add("invalid name and password", frame("room.create", "name", "<b>", "password", "short"),
                refused(INVALID_ROOM_NAME, INVALID_PASSWORD));
        // Valid, if odd: stored stripped and in NFC, as docs/protocol.md section 4 allows.
        String suffix = fx.suffix();
        List<String> valid = List.of("  Padded " + suffix + "  ", "e\u0301t\u00e9 " + suffix, "日本語 " + suffix,
                "𝕳𝖊𝖑𝖑𝖔 " + suffix, "İı ß " + suffix, ("M" + suffix).repeat(MAX_NAME).substring(0, MAX_NAME),
                "9.-_ " + suffix, "ок " + suffix);
        for (String name : valid) {
            add("valid " + label(name), frame("room.create", "name", name, "password", "correct horse"),
                    new Created(Normalizer.normalize(name.strip(), Normalizer.Form.NFC), "correct horse"));
        }
        add("taken, other case", frame("room.create", "name", fx.chatName().toUpperCase(), "password",
                "correct horse"), refused("ROOM_NAME_TAKEN"));
        add("taken, padded", frame("room.create", "name", "  " + fx.chatName() + " ", "password", "correct horse"),
                refused("ROOM_NAME_TAKEN"));
    }

    private void passwords() {
        in("password");
        List<String> invalid = List.of("", "x", "1234567", "é".repeat(7), "😀".repeat(7), "x".repeat(73),
                "é".repeat(37), "😀".repeat(19), "x".repeat(60_000), "日".repeat(25), "abcdefgh\udc00",
                "abcd\udc00\ud800efgh");
        for (String password : invalid) {
            add(label(password), frame("room.create", "name", "Pw " + nextRef() + " " + fx.suffix(), "password",
                    password), refused(INVALID_PASSWORD));
        }
        // Valid, if odd: must open the room exactly as typed, and nothing else does.
        List<String> valid = List.of("x".repeat(MAX_PASSWORD_BYTES), "😀".repeat(18), "' OR '1'='1' --",
                "<script>alert(1)</script>", "pass\u0000word", "pass\u202eword\u200d", "${jndi:ldap://x/a}");
        for (String password : valid) {
            String name = "Pw ok " + nextRef() + " " + fx.suffix();
            add("valid " + label(password), frame("room.create", "name", name, "password", password),
                    new Created(name, password));
        }
        // Hashed as is, a lone surrogate would become '?' and "?abcdefgh" would open the room (see joins()).
        add("password with a lone surrogate", frame("room.create", "name", surrogateRoom(), "password",
                "\ud800abcdefgh"), refused(INVALID_PASSWORD));
    }

    /** The name of the room that a password with a lone surrogate must not create. */
    private String surrogateRoom() {
        return "Surrogate " + fx.suffix();
    }

    private void joins() {
        in("room.join");
        String name = fx.chatName();
        String password = fx.chatPassword();
        // NOTE: first the joins that must succeed, then few failures: failed joins are limited per user and minute.
        add("own room, upper case", frame("room.join", "name", name.toUpperCase(), "password", password),
                answered("room.joined"));
        add("own room, padded", frame("room.join", "name", " " + name + "\t", "password", password),
                answered("room.joined"));
        List<Object[]> denied = List.of(
                new Object[] { name, password + " " }, new Object[] { name, password.toUpperCase() },
                new Object[] { name, "' OR '1'='1" }, new Object[] { "' OR '1'='1", password },
                new Object[] { name + "' --", password }, new Object[] { "%", password },
                new Object[] { "\u0000" + name, password }, new Object[] { name + "\u0000", password },
                new Object[] { "\ud800", password }, new Object[] { "x".repeat(60_000), password },
                new Object[] { name, "x".repeat(60_000) }, new Object[] { name, "" });
        for (Object[] attempt : denied) {
            add(label((String) attempt[0]) + " / " + label((String) attempt[1]),
                    frame("room.join", "name", attempt[0], "password", attempt[1]),
                    refused("ROOM_ACCESS_DENIED", "RATE_LIMITED"));
        }
        add("the look-alike of a refused lone-surrogate password", frame("room.join", "name", surrogateRoom(),
                "password", "?abcdefgh"), refused("ROOM_ACCESS_DENIED", "RATE_LIMITED"));
    }

    private void clientMsgIds() {
        in("clientMsgId");
        String chat = fx.chat().toString();
        List<String> invalid = new ArrayList<>(List.of("", " ", "a b", "a.b", "a/b", "ä", "😀", "a\u0000",
                "\u200b", "x".repeat(65), "x".repeat(60_000), "\ud800"));
        invalid.addAll(INJECTIONS);
        for (String id : invalid) {
            add(label(id), frame("message.send", "roomId", chat, "clientMsgId", id, "text", "never stored"),
                    refused(INVALID_REQUEST));
        }
        String longest = ("L" + nextRef() + "_").repeat(64).substring(0, 64);
        add("64 characters", frame("message.send", "roomId", chat, "clientMsgId", longest, "text", "longest id"),
                new Stored(longest, "longest id"));
        String dashes = "-_-_" + nextRef();
        add("only - and _", frame("message.send", "roomId", chat, "clientMsgId", dashes, "text", "dashes"),
                new Stored(dashes, "dashes"));
        String once = nextMsgId();
        add("first send", frame("message.send", "roomId", chat, "clientMsgId", once, "text", "the first"),
                new Stored(once, "the first"));
        add("same clientMsgId, other text", frame("message.send", "roomId", chat, "clientMsgId", once, "text",
                "a second, never stored"), new Stored(once, "the first"));
    }

    private void texts() {
        in("text");
        String chat = fx.chat().toString();
        List<String> invalid = new ArrayList<>(List.of("", " ", "\n", "\t\r\n ", "\u3000\u2003\u00a0",
                "x".repeat(MAX_TEXT + 1), "😀".repeat(MAX_TEXT + 1), "日".repeat(MAX_TEXT + 1),
                "e\u0301".repeat(MAX_TEXT / 2 + 1)));
        for (String control : CONTROLS) {
            invalid.add(control);
            invalid.add("before" + control + "after");
        }
        // A lone surrogate has no UTF-8 form: stored, it would become '?', so it is refused.
        invalid.addAll(LONE_SURROGATES);
        for (String text : invalid) {
            add(label(text), frame("message.send", "roomId", chat, "clientMsgId", nextMsgId(), "text", text),
                    refused(INVALID_MESSAGE));
        }
        List<String> valid = new ArrayList<>(List.of("x".repeat(MAX_TEXT), "😀".repeat(MAX_TEXT),
                "😀".repeat(MAX_TEXT / 2 + 1), "e\u0301".repeat(MAX_TEXT / 2), " leading and trailing ",
                "\\", "\"", "\\\"", "null", "undefined", "0", "-0", "true", "[]", "{}"));
        valid.addAll(INJECTIONS);
        valid.addAll(ODD_VALID_TEXTS);
        for (String text : valid) {
            String id = nextMsgId();
            add(label(text), frame("message.send", "roomId", chat, "clientMsgId", id, "text", text),
                    new Stored(id, text));
            // The same text once more, sent as raw UTF-8 rather than escaped.
            String again = nextMsgId();
            add(label(text) + " (UTF-8)", frame(false, "message.send", "roomId", chat, "clientMsgId", again, "text",
                    text), new Stored(again, text));
        }
    }

    private void refs() {
        in("ref");
        List<String> refs = new ArrayList<>(List.of("", " ", "r".repeat(30_000), "😀", "\u202eref", "\u0000",
                "\u0001\u001f", "a\nb", "👨‍👩‍👧‍👦"));
        refs.addAll(INJECTIONS);
        for (String ref : refs) {
            cases.add(new Case(category, label(ref), object("type", "ping", "ref", ref), ref, answered("pong")));
        }
    }

    /** Fields a client does not get to set: the server decides who sent a message and who created a room. */
    private void spoofedFields() {
        in("spoofed fields");
        String id = nextMsgId();
        add("message.send with senderId, seq, id, sentAt", frame("message.send", "roomId", fx.chat().toString(),
                "clientMsgId", id, "text", "am I bob?", "senderId", "bob", "senderName", "Bob Builder", "seq", 1,
                "id", UUID.randomUUID().toString(), "sentAt", "2000-01-01T00:00:00Z", "user", "bob"),
                new Stored(id, "am I bob?"));
        String name = "Spoof " + fx.suffix();
        add("room.create with createdBy, id", frame("room.create", "name", name, "password", "correct horse",
                "createdBy", "bob", "id", fx.chat().toString(), "owner", "bob"), new Created(name, "correct horse"));
    }

    /** The owner's operations: only the owner, only valid passwords, and odd user ids never break anything. */
    private void ownerOperations() {
        in("owner operations");
        String foreign = fx.foreign().toString();
        String quiet = fx.quiet().toString();
        add("change a foreign room's password", frame("room.password.change", "roomId", foreign, "newPassword",
                "mine now, bob"), refused(NOT_A_MEMBER));
        add("remove from a foreign room", frame("room.member.remove", "roomId", foreign, "userId", "bob"),
                refused(NOT_A_MEMBER));
        add("change an unknown room's password", frame("room.password.change", "roomId",
                UUID.randomUUID().toString(), "newPassword", "battery staple"), refused(NOT_A_MEMBER));
        for (String password : List.of("", "short", "x".repeat(MAX_PASSWORD_BYTES + 1), "😀".repeat(19),
                "x".repeat(60_000), "\ud800abcdefgh")) {
            add("new password " + label(password), frame("room.password.change", "roomId", quiet, "newPassword",
                    password), refused(INVALID_PASSWORD));
        }
        add("new password odd but valid", frame("room.password.change", "roomId", quiet, "newPassword",
                "'; UPDATE rooms SET password_hash = '' --"), answered("room.password.changed"));
        for (String userId : List.of("' OR '1'='1", "x".repeat(60_000), "\ud800", "carol", "", " ", "\u0000",
                "bob\u0000")) {
            add("remove " + label(userId), frame("room.member.remove", "roomId", quiet, "userId", userId),
                    new Survived());
        }
    }

    // ---------------------------------------------------------------- generated

    /** Random texts and client ids; the answer follows from the documented rules. */
    private void generatedTexts(int count) {
        in("generated text");
        String chat = fx.chat().toString();
        for (int i = 0; i < count; i++) {
            String text = randomText();
            String id = random.nextInt(10) == 0 ? randomBadMsgId() : "g" + (msgIds++) + "-" + randomMsgIdChars();
            Set<String> refusals = new java.util.TreeSet<>();
            if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
                refusals.add(INVALID_REQUEST);
            }
            if (!textIsValid(text)) {
                refusals.add(INVALID_MESSAGE);
            }
            String json = frame(random.nextBoolean(), "message.send", "roomId", chat, "clientMsgId", id, "text", text);
            add("#" + i, json, refusals.isEmpty() ? new Stored(id, text) : new Refused(refusals));
        }
    }

    /**
     * Valid frames broken at random: cut short, a character dropped or inserted, a field given an object or array.
     * A mutant the strict parser still reads as a frame is not sent (its answer is not a matter of bad input).
     */
    private void mutations(int count) {
        in("mutation");
        List<Object[]> templates = validFrames();
        String inserts = "{}[]\":,\\x0 \n\u0000\u0001é";
        int made = 0;
        while (made < count) {
            Object[] template = templates.get(random.nextInt(templates.size()));
            String json = object(template);
            String mutant;
            String how;
            switch (random.nextInt(5)) {
                case 0 -> {
                    int at = 1 + random.nextInt(json.length() - 1);
                    mutant = json.substring(0, at);
                    how = "cut at " + at;
                }
                case 1 -> {
                    int at = random.nextInt(json.length());
                    mutant = json.substring(0, at) + json.substring(at + 1);
                    how = "dropped " + at;
                }
                case 2 -> {
                    int at = random.nextInt(json.length() + 1);
                    String insert = random.nextInt(8) == 0 ? "😀" : String.valueOf(inserts.charAt(random.nextInt(inserts.length())));
                    mutant = json.substring(0, at) + insert + json.substring(at);
                    how = "inserted " + label(insert) + " at " + at;
                }
                case 3 -> {
                    int at = random.nextInt(json.length());
                    mutant = json.substring(0, at) + json.charAt(at) + json.substring(at);
                    how = "doubled " + at;
                }
                default -> {
                    Object[] frame = template.clone();
                    int field = 2 * random.nextInt(frame.length / 2);
                    String[] values = { "{}", "[]", "[[[]]]", "{\"" + frame[field] + "\":1}", "[null]",
                            "{\"$ne\":null}", "[\"" + frame[1] + "\"]" };
                    frame[field + 1] = raw(values[random.nextInt(values.length)]);
                    mutant = object(frame);
                    how = frame[field] + " = " + ((JsonText.Raw) frame[field + 1]).json();
                }
            }
            if (readsAsObjectWithScalars(mutant)) {
                continue;
            }
            add(template[1] + ": " + how, unreadable(mutant), refused(BAD_FRAME));
            made++;
        }
    }

    // ---------------------------------------------------------------- rules (the oracle)

    /** The documented message rules: not blank, at most 4,000 code points, no control but \n \r \t, valid Unicode. */
    static boolean textIsValid(String text) {
        if (text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            return false;
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            return false;
        }
        return text.codePoints().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t'
                || Character.getType(c) == Character.SURROGATE);
    }

    /** Whether a strict parser reads this as an object whose values are all scalars (so it might be a valid frame). */
    private static boolean readsAsObjectWithScalars(String json) {
        try {
            JsonNode node = STRICT.readTree(json);
            if (node == null || !node.isObject()) {
                return false;
            }
            for (JsonNode value : node.values()) {
                if (value.isContainer()) {
                    return false;
                }
            }
            return true;
        }
        catch (JacksonException e) {
            return false;
        }
    }

    private String randomText() {
        int shape = random.nextInt(20);
        int length = shape == 0 ? MAX_TEXT - 5 + random.nextInt(11) : 1 + random.nextInt(shape < 3 ? 400 : 40);
        boolean control = random.nextInt(25) == 0;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(randomCodePoint());
        }
        if (control) {
            int at = text.offsetByCodePoints(0, random.nextInt(length));
            text.insert(at, CONTROLS.get(random.nextInt(CONTROLS.size())));
        }
        if (random.nextInt(30) == 0) {
            return " \n\t\u3000".substring(random.nextInt(3));
        }
        return text.toString();
    }

    private int randomCodePoint() {
        int pool = random.nextInt(100);
        if (pool < 45) {
            return 0x20 + random.nextInt(0x5f);
        }
        int[][] ranges = { { 0xc0, 0xff }, { 0x391, 0x3c9 }, { 0x410, 0x44f }, { 0x4e00, 0x9fff }, { 0x5d0, 0x5ea },
                { 0x627, 0x64a }, { 0x300, 0x36f }, { 0x1f300, 0x1f64f }, { 0x1d400, 0x1d4ff }, { 0xac00, 0xd7a3 } };
        if (pool < 90) {
            int[] range = ranges[random.nextInt(ranges.length)];
            return range[0] + random.nextInt(range[1] - range[0] + 1);
        }
        int[] specials = { 0x200d, 0x200c, 0x202e, 0x202d, 0x202c, 0x200b, 0xfeff, 0x2028, 0x2029, 0xa0, 0x3000,
                0xfffd, 0xfe0f, 0xe0041, '\n', '\r', '\t', ' ', 0x1f3fd, 0x10ffff };
        return specials[random.nextInt(specials.length)];
    }

    private String randomMsgIdChars() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        StringBuilder id = new StringBuilder();
        for (int i = random.nextInt(30); i > 0; i--) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private String randomBadMsgId() {
        String[] bad = { " ", ".", "ä", "😀", "\u0000", "'", "<", "/", "\u200b", "=" };
        String id = "b" + randomMsgIdChars();
        int at = random.nextInt(id.length() + 1);
        return switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "x".repeat(65 + random.nextInt(100));
            default -> id.substring(0, at) + bad[random.nextInt(bad.length)] + id.substring(at);
        };
    }

    // ---------------------------------------------------------------- building

    /** A valid frame of every type (with harmless values), as alternating keys and values. */
    private List<Object[]> validFrames() {
        String quiet = fx.quiet().toString();
        return List.of(
                new Object[] { "type", "ping", "ref", "v" },
                new Object[] { "type", "rooms.list", "ref", "v", "search", "general", "after", "Gamma", "limit", 5 },
                new Object[] { "type", "auth", "ref", "v", "token", "x.y.z" },
                new Object[] { "type", "room.create", "ref", "v", "name", "Never " + fx.suffix(), "password",
                        "correct horse" },
                new Object[] { "type", "room.join", "ref", "v", "name", "No such room " + fx.suffix(), "password",
                        "correct horse" },
                new Object[] { "type", "room.enter", "ref", "v", "roomId", quiet, "afterSeq", 0 },
                new Object[] { "type", "room.leave", "ref", "v", "roomId", quiet },
                new Object[] { "type", "history.fetch", "ref", "v", "roomId", quiet, "beforeSeq", 5, "limit", 10 },
                new Object[] { "type", "message.send", "ref", "v", "roomId", fx.chat().toString(), "clientMsgId",
                        "never-stored", "text", "never stored" },
                new Object[] { "type", "room.password.change", "ref", "v", "roomId", fx.foreign().toString(),
                        "newPassword", "battery staple" },
                new Object[] { "type", "room.member.remove", "ref", "v", "roomId", fx.foreign().toString(), "userId",
                        "bob" });
    }

    private void in(String name) {
        category = name;
    }

    private String nextRef() {
        return "c" + (refs++);
    }

    private String nextMsgId() {
        return "m" + (msgIds++);
    }

    /** A readable frame of this type with a fresh ref and the given fields. */
    private String frame(String type, Object... fields) {
        return frame(true, type, fields);
    }

    private String frame(boolean asciiOnly, String type, Object... fields) {
        Object[] all = new Object[fields.length + 4];
        all[0] = "type";
        all[1] = type;
        all[2] = "ref";
        all[3] = nextRef();
        System.arraycopy(fields, 0, all, 4, fields.length);
        return JsonText.object(asciiOnly, all);
    }

    /** Adds a case; the ref the reply must carry is the frame's own, unless the frame is {@link #unreadable}. */
    private void add(String label, String json, Expected expected) {
        if (json.startsWith(UNREADABLE)) {
            cases.add(new Case(category, label, json.substring(UNREADABLE.length()), null, expected));
            return;
        }
        JsonNode ref = STRICT.readTree(json).get("ref");
        cases.add(new Case(category, label, json, ref == null || ref.isNull() ? null : ref.asString(), expected));
    }

    /** Marks a frame the server cannot read: its error carries no ref. */
    private static final String UNREADABLE = "\u0001unreadable\u0001";

    private static String unreadable(String json) {
        return UNREADABLE + json;
    }

    private static Answered answered(String type) {
        return new Answered(type);
    }

    private static Refused refused(String... codes) {
        return new Refused(Set.of(codes));
    }

    /** A short printable label for a value that may be long or invisible. */
    static String label(String value) {
        StringBuilder shown = new StringBuilder();
        value.codePoints().limit(40).forEach(c -> {
            if (c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.SURROGATE) {
                shown.append(String.format("\\u%04x", c));
            }
            else {
                shown.appendCodePoint(c);
            }
        });
        int length = value.codePointCount(0, value.length());
        return "\"" + shown + (length > 40 ? "…(" + length + ")" : "") + "\"";
    }
}
