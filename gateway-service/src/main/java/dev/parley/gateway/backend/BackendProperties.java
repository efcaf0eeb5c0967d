package dev.parley.gateway.backend;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * Where the backend services are.
 *
 * @param roomService room-service instances, as {@code tcp://host:port}; requests are spread round-robin
 * @param chatService chat-service instances, as {@code tcp://host:port}; a room's requests go to the first of its
 *        instances that can be connected to, in an order every gateway computes alike (ChatInstances)
 * @param chatServiceDiscovery how often to look the chat-service names up again, each of a name's addresses then
 *        an instance (a Kubernetes headless Service: its pods); 0 (the default) uses the list as given
 * @param requestTimeout how long a request-response call may take before the client gets SERVICE_UNAVAILABLE
 * @param streamRetryMaxBackoff the longest pause between attempts to resume a broken room stream
 */
@Validated
@ConfigurationProperties("parley.gateway.backend")
public record BackendProperties(@NotEmpty List<URI> roomService, @NotEmpty List<URI> chatService,
        @DefaultValue("0s") @NotNull Duration chatServiceDiscovery, @DefaultValue("10s") @NotNull Duration requestTimeout,
        @DefaultValue("5s") @NotNull Duration streamRetryMaxBackoff) {
}
