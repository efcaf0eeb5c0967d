package dev.parley.room.rooms;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.RoomQuery;

/**
 * A {@link RoomQuery} within its bounds: {@code search} and {@code after} normalized like room names (NFC, stripped;
 * null when absent or blank), {@code limit} 1 to {@link RoomQuery#MAX_LIMIT}.
 */
record RoomSearch(String search, String after, int limit) {

    static RoomSearch of(RoomQuery query) {
        if (query == null) {
            return new RoomSearch(null, null, RoomQuery.DEFAULT_LIMIT);
        }
        Integer limit = query.limit();
        if (limit != null && (limit < 1 || limit > RoomQuery.MAX_LIMIT)) {
            throw invalid("limit must be between 1 and " + RoomQuery.MAX_LIMIT);
        }
        return new RoomSearch(text(query.search(), "search"), text(query.after(), "after"),
                limit == null ? RoomQuery.DEFAULT_LIMIT : limit);
    }

    private static String text(String value, String field) {
        String normalized = RoomName.lookupKey(value);
        if (normalized == null) {
            return null;
        }
        if (normalized.codePointCount(0, normalized.length()) > RoomQuery.MAX_TEXT_LENGTH) {
            throw invalid(field + " has at most " + RoomQuery.MAX_TEXT_LENGTH + " characters");
        }
        return normalized.isEmpty() ? null : normalized;
    }

    private static ParleyException invalid(String detail) {
        return new ParleyException(ErrorCode.INVALID_REQUEST, detail);
    }
}
