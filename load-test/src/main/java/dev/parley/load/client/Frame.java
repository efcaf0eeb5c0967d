package dev.parley.load.client;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One frame from the gateway: the top-level scalar fields the load tool reads on every frame, and the raw JSON for
 * the rare frames whose nested fields matter ({@link #tree()}).
 *
 * @param type the frame's {@code type}
 * @param ref the {@code ref} of the request it answers, or null
 * @param roomId the {@code roomId}, or null
 * @param seq the {@code seq}, or -1
 * @param text the {@code text}, or null
 * @param clientMsgId the {@code clientMsgId}, or null
 * @param code the error {@code code}, or null
 * @param raw the frame as received
 */
public record Frame(String type, String ref, String roomId, long seq, String text, String clientMsgId, String code,
        String raw) {

    private static final JsonMapper JSON = JsonMapper.shared();

    /**
     * Reads the top-level fields with a streaming parser and skips nested objects.
     *
     * NOTE: a `message` frame arrives once per member per message (tens of thousands a second); building a tree
     * for each would cost the load tool CPU that the system under test shares.
     */
    public static Frame parse(String json) {
        String type = null;
        String ref = null;
        String roomId = null;
        long seq = -1;
        String text = null;
        String clientMsgId = null;
        String code = null;
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object: " + abbreviate(json));
            }
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    parser.skipChildren();
                    continue;
                }
                switch (name) {
                    case "type" -> type = string(parser, value);
                    case "ref" -> ref = string(parser, value);
                    case "roomId" -> roomId = string(parser, value);
                    case "seq" -> seq = (value == JsonToken.VALUE_NUMBER_INT) ? parser.getLongValue() : -1;
                    case "text" -> text = string(parser, value);
                    case "clientMsgId" -> clientMsgId = string(parser, value);
                    case "code" -> code = string(parser, value);
                    default -> {
                        // other fields are read from the tree when needed
                    }
                }
            }
        }
        return new Frame(type, ref, roomId, seq, text, clientMsgId, code, json);
    }

    /** The whole frame as a tree, for nested fields (a room, a page of history). */
    public JsonNode tree() {
        return JSON.readTree(this.raw);
    }

    public boolean is(String frameType) {
        return frameType.equals(this.type);
    }

    @Override
    public String toString() {
        return abbreviate(this.raw);
    }

    private static String string(JsonParser parser, JsonToken value) {
        return (value == JsonToken.VALUE_NULL) ? null : parser.getString();
    }

    private static String abbreviate(String json) {
        return (json.length() > 300) ? json.substring(0, 300) + "…" : json;
    }
}
