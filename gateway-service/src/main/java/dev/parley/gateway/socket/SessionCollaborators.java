package dev.parley.gateway.socket;

import java.time.Duration;

import dev.parley.gateway.backend.MessageBackend;
import dev.parley.gateway.backend.RoomBackend;
import dev.parley.gateway.security.TokenVerifier;

/** What every session talks to: the token check and the two backend services. */
record SessionCollaborators(TokenVerifier tokens, RoomBackend rooms, MessageBackend messages,
        Duration streamRetryMaxBackoff) {
}
