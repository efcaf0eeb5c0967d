package dev.parley.model;

/**
 * Query: one page of the room list, in name order ignoring case. {@code search} (optional) keeps the rooms whose name
 * contains it, ignoring case; {@code after} (optional) is the {@link RoomPage#next()} of the page before; {@code limit}
 * (optional) is the page size. Pages are keyset pages on the name, so a room created meanwhile is never skipped
 * or repeated by paging on.
 */
public record RoomQuery(String search, String after, Integer limit) {

    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 50;

    /** The largest page; it keeps a page frame far below the 64 KiB a WebSocket frame may have. */
    public static final int MAX_LIMIT = 100;

    /** The longest {@code search} and {@code after}: a room name has at most 64 characters. */
    public static final int MAX_TEXT_LENGTH = 64;

    /** The first page of the whole list, as sent after signing in. */
    public static RoomQuery firstPage() {
        return new RoomQuery(null, null, null);
    }
}
