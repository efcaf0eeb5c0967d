package dev.parley.gateway.socket;

import dev.parley.model.frame.ServerFrame;

/** What a session hands to its socket: a frame, a keep-alive ping, or the instruction to close. */
sealed interface Outgoing {

    record Frame(ServerFrame frame) implements Outgoing {
    }

    /** A frame already written as JSON, once for every connection it goes to (a room's messages). */
    record Encoded(ServerFrame frame, String json) implements Outgoing {
    }

    record KeepAlive() implements Outgoing {
    }

    record Close(CloseReason reason) implements Outgoing {
    }
}
