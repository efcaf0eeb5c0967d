package dev.parley.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One room of the run: its members and which messages were sent to it and acknowledged. */
final class Room {

    final int index;

    final String name;

    final List<Member> members = new ArrayList<>();

    private volatile String id;

    private final Set<String> sent = ConcurrentHashMap.newKeySet();

    private final Map<String, Long> acked = new ConcurrentHashMap<>();

    Room(int index, String name) {
        this.index = index;
        this.name = name;
    }

    String id() {
        return this.id;
    }

    void created(String roomId) {
        this.id = roomId;
    }

    void sent(String clientMsgId) {
        this.sent.add(clientMsgId);
    }

    /** A send that never left the tool, or that the gateway refused: it is not expected in the room. */
    void unsent(String clientMsgId) {
        this.sent.remove(clientMsgId);
    }

    void acked(String clientMsgId, long seq) {
        this.acked.put(clientMsgId, seq);
    }

    Set<String> sentIds() {
        return Set.copyOf(this.sent);
    }

    int sentCount() {
        return this.sent.size();
    }

    int ackedCount() {
        return this.acked.size();
    }
}
