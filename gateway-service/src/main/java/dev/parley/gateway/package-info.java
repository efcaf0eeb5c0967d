/** Parley's edge: browser WebSockets, token checks, and the calls to room-service and chat-service. */
package dev.parley.gateway;
