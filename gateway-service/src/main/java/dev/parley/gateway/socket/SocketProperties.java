package dev.parley.gateway.socket;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Limits of the browser WebSocket, each documented in docs/protocol.md.
 *
 * @param path where the WebSocket is served
 * @param maxFrameBytes largest accepted frame; a bigger one closes the connection with 1009
 * @param authTimeout how long a new connection may take to send its {@code auth} frame
 * @param outboundQueue frames waiting to be written to one client; when full the client is too slow and is closed
 * with 4001 (it then resumes)
 * @param maxEnteredRooms rooms one connection may receive at once
 * @param historyPageSize messages in the page sent on {@code room.enter}, and the default {@code history.fetch} size
 * @param pingInterval how often the server sends a WebSocket ping, which keeps proxies from closing idle connections
 * @param tokenGrace how long a connection whose token has expired may stay open waiting for a renewed token
 * @param framesPerSecond sustained rate of inbound frames one connection may send; faster frames are refused with
 * RATE_LIMITED
 * @param frameBurst inbound frames one connection may send at once above that rate
 * @param userMessagesPerSecond sustained rate of {@code message.send} frames one user may send across all of their
 * connections to this gateway instance; faster sends are refused with RATE_LIMITED
 * @param userMessageBurst {@code message.send} frames one user may send at once above that rate
 * @param queuedSends {@code message.send} frames of one connection that may wait while its previous ones are on their
 * way to chat-service (they then go together, in order); beyond that the connection is not read until they are
 * answered
 */
@Validated
@ConfigurationProperties("parley.gateway.socket")
public record SocketProperties(@DefaultValue("/ws") @NotBlank String path,
        @DefaultValue("65536") @Min(1024) int maxFrameBytes,
        @DefaultValue("10s") @NotNull Duration authTimeout,
        @DefaultValue("256") @Min(16) @Max(65536) int outboundQueue,
        @DefaultValue("50") @Min(1) @Max(1000) int maxEnteredRooms,
        @DefaultValue("50") @Min(1) @Max(100) int historyPageSize,
        @DefaultValue("25s") @NotNull Duration pingInterval,
        @DefaultValue("30s") @NotNull Duration tokenGrace,
        @DefaultValue("20") @Min(1) int framesPerSecond,
        @DefaultValue("40") @Min(1) int frameBurst,
        @DefaultValue("10") @Min(1) int userMessagesPerSecond,
        @DefaultValue("30") @Min(1) int userMessageBurst,
        @DefaultValue("64") @Min(1) @Max(4096) int queuedSends) {
}
