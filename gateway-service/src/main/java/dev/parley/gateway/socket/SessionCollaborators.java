package dev.parley.gateway.socket;

import java.time.Duration;

import dev.parley.gateway.backend.MessageBackend;
import dev.parley.gateway.backend.RoomBackend;
import dev.parley.gateway.security.TokenVerifier;

/**
 * What every session talks to: the token check, the two backend services, the rooms' shared relays and the per-user
 * send limit.
 */
record SessionCollaborators(TokenVerifier tokens, RoomBackend rooms, MessageBackend messages, RoomRelays relays,
        Duration streamRetryMaxBackoff, UserSendRates userSendRates) {
}
