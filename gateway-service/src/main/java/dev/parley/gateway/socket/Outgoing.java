package dev.parley.gateway.socket;

import dev.parley.model.frame.ServerFrame;

/** What a session hands to its socket: a frame, a keep-alive ping, or the instruction to close. */
sealed interface Outgoing {

    record Frame(ServerFrame frame) implements Outgoing {
    }

    record KeepAlive() implements Outgoing {
    }

    record Close(CloseReason reason) implements Outgoing {
    }
}
