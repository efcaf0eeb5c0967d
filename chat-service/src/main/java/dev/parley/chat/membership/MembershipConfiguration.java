package dev.parley.chat.membership;

import java.time.Duration;
import java.util.List;

import io.rsocket.loadbalance.LoadbalanceTarget;
import io.rsocket.loadbalance.RoundRobinLoadbalanceStrategy;
import io.rsocket.transport.netty.client.TcpClientTransport;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.security.rsocket.metadata.BearerTokenAuthenticationEncoder;

/** Wires the membership check to room-service. */
@Configuration(proxyBeanMethods = false)
class MembershipConfiguration {

    /** How soon a lost connection to a room-service instance is made again (at the next request after it). */
    private static final Duration TARGETS_REFRESH = Duration.ofSeconds(2);

    // NOTE: the load balancer drops an instance whose connection is lost and adds instances only when its list of
    // targets is emitted again: given the list once, a restarted room-service was never used again ("Pool is
    // exhausted", every membership check SERVICE_UNAVAILABLE). The same list is emitted again every TARGETS_REFRESH;
    // live connections are kept.
    @Bean(destroyMethod = "dispose")
    RSocketRequester roomServiceRequester(RSocketRequester.Builder builder, MembershipProperties properties) {
        List<LoadbalanceTarget> targets = properties.roomServiceUris().stream()
                .map(uri -> LoadbalanceTarget.from(uri.toString(), TcpClientTransport.create(uri.getHost(), uri.getPort())))
                .toList();
        return builder
                .rsocketStrategies(strategies -> strategies.encoder(new BearerTokenAuthenticationEncoder()))
                .dataMimeType(MediaType.APPLICATION_JSON)
                .transports(Flux.interval(Duration.ZERO, TARGETS_REFRESH).map(tick -> targets),
                        new RoundRobinLoadbalanceStrategy());
    }

    @Bean
    RoomMembership roomMembership(RSocketRequester roomServiceRequester, MembershipProperties properties) {
        return new RoomServiceMembership(roomServiceRequester, properties.timeout());
    }

    @Bean
    MembershipGuard membershipGuard(RoomMembership roomMembership, MembershipProperties properties) {
        return new MembershipGuard(roomMembership, properties.cacheTtl(), properties.maxEntries());
    }

    @Bean
    MemberStreams memberStreams() {
        return new MemberStreams();
    }

    @Bean
    RoomRemovals roomRemovals() {
        return new RoomRemovals();
    }

    @Bean
    MembershipEvents membershipEvents(MembershipProperties properties, MembershipGuard guard, MemberStreams streams,
            RoomRemovals removals, JsonMapper json) {
        return new MembershipEvents(properties.events(), guard, streams, removals, json);
    }
}
