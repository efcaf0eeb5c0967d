/** A lean WebSocket client of the Parley protocol (docs/protocol.md) on Reactor Netty, built for many connections. */
package dev.parley.load.client;
