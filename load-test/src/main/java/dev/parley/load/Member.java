package dev.parley.load;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.parley.load.client.Frame;
import dev.parley.load.client.LoadConnection;

/**
 * One member connection in one room: checks that the room's messages arrive once each and in order, and times
 * them; if it sends, it also times its acknowledgements. Its frames arrive on one event loop, one at a time.
 */
final class Member {

    /** Every message the tool sends says when it was scheduled: {@code "load <System.nanoTime()>"}. */
    static final String TEXT_PREFIX = "load ";

    final int index;

    final Room room;

    final String user;

    private final Measurements measurements;

    private final Map<String, Long> unacked = new ConcurrentHashMap<>();

    private volatile LoadConnection connection;

    private volatile long lastSeq;

    private volatile long received;

    private volatile long duplicates;

    private volatile long gaps;

    private long sentCount;

    Member(int index, Room room, String user, Measurements measurements) {
        this.index = index;
        this.room = room;
        this.user = user;
        this.measurements = measurements;
    }

    void connected(LoadConnection openConnection) {
        this.connection = openConnection;
    }

    LoadConnection connection() {
        return this.connection;
    }

    /**
     * Sends one message scheduled at {@code scheduledNanos}; false if it could not be queued. Called by one sending
     * thread only.
     */
    boolean send(long scheduledNanos) {
        String clientMsgId = "m" + this.index + "-" + (++this.sentCount);
        this.unacked.put(clientMsgId, scheduledNanos);
        this.room.sent(clientMsgId);
        // NOTE: built by hand: every field is a UUID, an id of [a-z0-9-] or digits, so nothing needs escaping, and
        // this runs thousands of times a second.
        String frame = "{\"type\":\"message.send\",\"ref\":\"" + clientMsgId + "\",\"roomId\":\"" + this.room.id()
                + "\",\"clientMsgId\":\"" + clientMsgId + "\",\"text\":\"" + TEXT_PREFIX + scheduledNanos + "\"}";
        if (!this.connection.send(frame)) {
            this.unacked.remove(clientMsgId);
            this.room.unsent(clientMsgId);
            return false;
        }
        return true;
    }

    int unackedCount() {
        return this.unacked.size();
    }

    /** Handles a frame that answers no request: live messages, acknowledgements, errors. */
    void onFrame(Frame frame) {
        long now = System.nanoTime();
        if (frame.type() == null) {
            this.measurements.error("UNREADABLE_FRAME");
            return;
        }
        switch (frame.type()) {
            case "message" -> onMessage(frame, now);
            case "message.ack" -> onAck(frame, now);
            case "error" -> onError(frame);
            case "invalid" -> this.measurements.error("UNREADABLE_FRAME");
            default -> {
                // rooms, room.created, pong: not what the load tool measures
            }
        }
    }

    private void onMessage(Frame frame, long now) {
        if (!this.room.id().equals(frame.roomId())) {
            this.measurements.error("MESSAGE_FROM_OTHER_ROOM");
            return;
        }
        long seq = frame.seq();
        if (seq <= this.lastSeq) {
            this.duplicates++;
            return;
        }
        if (seq != this.lastSeq + 1) {
            this.gaps++;
        }
        this.lastSeq = seq;
        this.received++;
        this.measurements.delivered.increment();
        long scheduled = scheduledNanos(frame.text());
        if (scheduled != 0) {
            this.measurements.delivery(now - scheduled);
        }
    }

    private void onAck(Frame frame, long now) {
        Long scheduled = this.unacked.remove(frame.clientMsgId());
        if (scheduled == null) {
            this.measurements.error("UNEXPECTED_ACK");
            return;
        }
        this.room.acked(frame.clientMsgId(), frame.seq());
        this.measurements.acked.increment();
        this.measurements.ack(now - scheduled);
    }

    private void onError(Frame frame) {
        this.measurements.error(String.valueOf(frame.code()));
        if (frame.ref() != null && this.unacked.remove(frame.ref()) != null) {
            this.room.unsent(frame.ref());
        }
    }

    long lastSeq() {
        return this.lastSeq;
    }

    long received() {
        return this.received;
    }

    long duplicates() {
        return this.duplicates;
    }

    long gaps() {
        return this.gaps;
    }

    static long scheduledNanos(String text) {
        if (text == null || !text.startsWith(TEXT_PREFIX)) {
            return 0;
        }
        try {
            return Long.parseLong(text, TEXT_PREFIX.length(), text.length(), 10);
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }
}
