package dev.parley.system;

/**
 * Writes JSON text by hand, so that a test can send exactly the bytes it means: values of the wrong type, raw
 * fragments, and strings that a JSON library would refuse to write or a WebSocket client to encode (a lone surrogate
 * travels as its {@code \ud800} escape, which the server's parser turns back into that lone surrogate).
 */
final class JsonText {

    private JsonText() {
    }

    /** A piece of JSON written as is, for example {@code raw("[]")} or {@code raw("1e30")}. */
    record Raw(String json) {
    }

    static Raw raw(String json) {
        return new Raw(json);
    }

    /**
     * An object from alternating keys and values; a value is a {@link String}, {@link Number}, {@link Boolean},
     * {@code null} or a {@link Raw} fragment. Non-ASCII is escaped when {@code asciiOnly}, else sent as UTF-8.
     */
    static String object(boolean asciiOnly, Object... keysAndValues) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (i > 0) {
                json.append(',');
            }
            json.append(quote((String) keysAndValues[i], asciiOnly)).append(':');
            json.append(value(keysAndValues[i + 1], asciiOnly));
        }
        return json.append('}').toString();
    }

    /** {@link #object(boolean, Object...)} with non-ASCII escaped. */
    static String object(Object... keysAndValues) {
        return object(true, keysAndValues);
    }

    static String value(Object value, boolean asciiOnly) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Raw raw) {
            return raw.json();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return quote((String) value, asciiOnly);
    }

    /** A JSON string; a lone surrogate is always escaped, since it has no UTF-8 form. */
    static String quote(String text, boolean asciiOnly) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            }
            else if (c < 0x20 || c == 0x7f || asciiOnly && c > 0x7e || Character.isSurrogate(c) && !paired) {
                json.append(String.format("\\u%04x", (int) c));
            }
            else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
