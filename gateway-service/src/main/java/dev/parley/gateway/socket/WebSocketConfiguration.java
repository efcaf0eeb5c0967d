package dev.parley.gateway.socket;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

import io.netty.handler.codec.TooLongFrameException;
import reactor.netty.http.server.WebsocketServerSpec;

/** Serves {@link ChatSocketHandler} at the configured path with the configured frame size limit. */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration {

    @Bean
    HandlerMapping chatSocketMapping(ChatSocketHandler handler, SocketProperties properties) {
        // NOTE: the limit holds twice. Netty's frame decoder closes a single frame over it with 1009 by itself. A
        // message sent as fragments, each within the limit, is refused by the frame aggregator instead: it fails the
        // inbound stream with TooLongFrameException, which Reactor Netty would answer with 1002 (protocol error).
        // Closing with 1009 here gives both cases the documented answer.
        WebSocketHandler tooBigClosesWith1009 = socket -> handler.handle(socket)
                .onErrorResume(TooLongFrameException.class, e -> socket.close(CloseStatus.TOO_BIG_TO_PROCESS));
        return new SimpleUrlHandlerMapping(Map.of(properties.path(), tooBigClosesWith1009),
                Ordered.HIGHEST_PRECEDENCE);
    }

    @Bean
    WebSocketHandlerAdapter webSocketHandlerAdapter(SocketProperties properties) {
        ReactorNettyRequestUpgradeStrategy strategy = new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(properties.maxFrameBytes()));
        return new WebSocketHandlerAdapter(new HandshakeWebSocketService(strategy));
    }
}
