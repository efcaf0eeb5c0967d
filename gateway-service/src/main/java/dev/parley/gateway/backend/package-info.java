/** The gateway's RSocket calls to room-service and chat-service, each carrying the end user's token. */
package dev.parley.gateway.backend;
