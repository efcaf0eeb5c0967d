package dev.parley.gateway.backend;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.rsocket.messaging.RSocketStrategiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.security.rsocket.metadata.BearerTokenAuthenticationEncoder;

import io.micrometer.observation.ObservationRegistry;
import io.rsocket.loadbalance.LoadbalanceTarget;
import io.rsocket.micrometer.observation.ObservationRequesterRSocketProxy;
import io.rsocket.loadbalance.RoundRobinLoadbalanceStrategy;
import io.rsocket.plugins.RSocketInterceptor;
import io.netty.channel.ChannelOption;
import io.rsocket.transport.netty.client.TcpClientTransport;
import reactor.netty.tcp.TcpClient;
import reactor.core.publisher.Flux;

import dev.parley.gateway.tracing.ChatRequestConvention;

/**
 * The backend services, shared by every user of this gateway: room-service through one load-balanced RSocket
 * requester, chat-service through one requester per instance ({@link ChatInstances}).
 */
@Configuration(proxyBeanMethods = false)
class BackendConfiguration {

    /** How soon a lost connection to a service instance is made again (at the next request after it). */
    private static final Duration TARGETS_REFRESH = Duration.ofSeconds(2);

    /** How long a connection to a chat-service instance may take to open before the room's next one is asked. */
    private static final Duration CHAT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    @Bean
    RSocketStrategiesCustomizer bearerTokenMetadata() {
        return strategies -> strategies.encoder(new BearerTokenAuthenticationEncoder());
    }

    @Bean
    @Qualifier("roomService")
    RSocketRequester roomServiceRequester(RSocketRequester.Builder builder, BackendProperties properties) {
        return requester(builder, "room-service", properties.roomService());
    }

    @Bean(destroyMethod = "dispose")
    ChatInstances chatInstances(RSocketRequester.Builder builder, BackendProperties properties,
            ObservationRegistry observations) {
        Function<String, ChatInstances.Instance> connect = chatConnections(builder, observations);
        return new ChatInstances(properties.chatService().stream().map(uri -> connect.apply(uri.toString())).toList());
    }

    /** Idle unless {@code parley.gateway.backend.chat-service-discovery} sets an interval. */
    @Bean
    ChatServiceDiscovery chatServiceDiscovery(ChatInstances instances, RSocketRequester.Builder builder,
            BackendProperties properties, ObservationRegistry observations) {
        return new ChatServiceDiscovery(instances, properties.chatService(), properties.chatServiceDiscovery(),
                ChatServiceDiscovery.Resolver.SYSTEM, chatConnections(builder, observations));
    }

    /**
     * Makes a chat-service instance of an address. NOTE: one plain connection per instance, not a load balancer: the
     * room picks the instance. Such a requester connects at its first call; an instance that is down refuses at once,
     * or within CHAT_CONNECT_TIMEOUT when nothing answers at its address (Netty's default is 30 s), and ChatInstances
     * asks the room's next one. Every request carries the trace context (W3C traceparent) as composite metadata
     * entries; chat-service continues the trace and hands it on to Kafka. (room-service calls are not traced.)
     */
    private static Function<String, ChatInstances.Instance> chatConnections(RSocketRequester.Builder builder,
            ObservationRegistry observations) {
        builder.dataMimeType(MediaType.APPLICATION_JSON);
        builder.rsocketConnector(connector -> connector.interceptors(registry -> registry.forRequester(
                (RSocketInterceptor) requester -> new ObservationRequesterRSocketProxy(requester, observations,
                        new ChatRequestConvention()))));
        return address -> {
            URI uri = URI.create(address);
            // An IPv6 literal comes back from URI.getHost() in brackets, which Netty does not take.
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                    : uri.getHost();
            return new ChatInstances.Instance(address, () -> builder.transport(TcpClientTransport.create(
                    TcpClient.create().host(host).port(uri.getPort())
                            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CHAT_CONNECT_TIMEOUT.toMillis()))));
        };
    }

    private static RSocketRequester requester(RSocketRequester.Builder builder, String name, List<URI> uris) {
        List<LoadbalanceTarget> targets = uris.stream()
                .map(uri -> LoadbalanceTarget.from(name + "@" + uri,
                        TcpClientTransport.create(uri.getHost(), uri.getPort())))
                .toList();
        // NOTE: the load balancer drops an instance whose connection is lost and adds instances only when its list of
        // targets is emitted again: given the list once, a restarted service (room-service has often one instance)
        // was never used again ("Pool is exhausted"). Emitting the same list again every TARGETS_REFRESH reconnects
        // lost instances; live connections are kept.
        return builder.dataMimeType(MediaType.APPLICATION_JSON)
                .transports(Flux.interval(Duration.ZERO, TARGETS_REFRESH).map(tick -> targets),
                        new RoundRobinLoadbalanceStrategy());
    }
}
