/** The browser WebSocket: JSON frames in, a bounded stream of frames out, one {@link ChatSession} per connection. */
package dev.parley.gateway.socket;
