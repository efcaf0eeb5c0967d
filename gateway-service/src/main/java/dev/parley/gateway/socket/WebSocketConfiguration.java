package dev.parley.gateway.socket;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

import reactor.netty.http.server.WebsocketServerSpec;

/** Serves {@link ChatSocketHandler} at the configured path with the configured frame size limit. */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration {

    @Bean
    HandlerMapping chatSocketMapping(ChatSocketHandler handler, SocketProperties properties) {
        return new SimpleUrlHandlerMapping(Map.of(properties.path(), handler), Ordered.HIGHEST_PRECEDENCE);
    }

    @Bean
    WebSocketHandlerAdapter webSocketHandlerAdapter(SocketProperties properties) {
        ReactorNettyRequestUpgradeStrategy strategy = new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(properties.maxFrameBytes()));
        return new WebSocketHandlerAdapter(new HandshakeWebSocketService(strategy));
    }
}
