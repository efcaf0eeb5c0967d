/** The WebSocket protocol's JSON frames, as specified in docs/protocol.md. */
package dev.parley.model.frame;
