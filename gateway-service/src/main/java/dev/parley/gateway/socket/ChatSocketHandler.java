package dev.parley.gateway.socket;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

import dev.parley.gateway.backend.BackendProperties;
import dev.parley.gateway.backend.MessageBackend;
import dev.parley.gateway.backend.RoomBackend;
import dev.parley.gateway.security.TokenVerifier;
import dev.parley.model.ParleyException;
import dev.parley.model.frame.ClientFrame;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The browser WebSocket: inbound frames are decoded and handled one after another (a send's handling ends once it is
 * queued in the session's outbox, so sends keep their order without waiting for each other's acknowledgement);
 * outbound is the session's bounded output. Both are composed, nothing is subscribed on the side.
 */
@Component
class ChatSocketHandler implements WebSocketHandler {

    private final SessionCollaborators collaborators;

    private final SocketProperties properties;

    private final FrameCodec codec;

    private final ConnectedClients clients;

    private final SocketMetrics metrics;

    ChatSocketHandler(TokenVerifier tokens, RoomBackend rooms, MessageBackend messages, RoomRelays relays,
            BackendProperties backend, SocketProperties properties, FrameCodec codec, ConnectedClients clients,
            SocketMetrics metrics) {
        this.clients = clients;
        this.metrics = metrics;
        // NOTE: one per handler, so one per gateway instance: every connection of a user shares it.
        UserSendRates userSendRates = new UserSendRates(properties.userMessagesPerSecond(),
                properties.userMessageBurst(), System::nanoTime);
        this.collaborators = new SessionCollaborators(tokens, rooms, messages, relays, backend.streamRetryMaxBackoff(),
                userSendRates);
        this.properties = properties;
        this.codec = codec;
    }

    @Override
    public Mono<Void> handle(WebSocketSession socket) {
        ChatSession session = new ChatSession(collaborators, properties);
        clients.add(session);
        // NOTE: the payload is copied to a String at once, so no pooled buffer is held while a frame waits. Each
        // frame's handling is detached when done: concatMap holds on to its last inner chain until the next frame, and
        // for an idle connection the last frame is the sign-in, whose chain reaches the decoded token, its claims and
        // the backend call (about 3 KB of heap per idle connection, docs/benchmarks.md).
        Mono<Void> input = socket.receive()
                .filter(message -> message.getType() == WebSocketMessage.Type.TEXT)
                .map(WebSocketMessage::getPayloadAsText)
                .concatMap(text -> handle(session, text).onTerminateDetach())
                .doFinally(signal -> session.closed())
                .then();
        CloseStatus[] closeWith = { CloseStatus.NORMAL };
        Flux<WebSocketMessage> frames = session.output()
                .handle((outgoing, sink) -> {
                    if (outgoing instanceof Outgoing.Frame frame) {
                        session.written();
                        metrics.frameOut(frame.frame());
                        sink.next(socket.textMessage(codec.encode(frame.frame())));
                    }
                    else if (outgoing instanceof Outgoing.Encoded encoded) {
                        session.written();
                        metrics.frameOut(encoded.frame());
                        sink.next(socket.textMessage(encoded.json()));
                    }
                    else if (outgoing instanceof Outgoing.KeepAlive) {
                        sink.next(socket.pingMessage(factory -> factory.allocateBuffer(0)));
                    }
                    else if (outgoing instanceof Outgoing.Close close) {
                        metrics.closed(close.reason());
                        closeWith[0] = close.reason().status();
                    }
                });
        Mono<Void> output = socket.send(frames).then(Mono.defer(() -> socket.close(closeWith[0])));
        // NOTE: the upgrade request's observation would otherwise be the parent of every call this connection makes,
        // putting all of its messages, for as long as it lives, into one trace; each request starts its own instead.
        return input.and(output)
                .doFinally(signal -> clients.remove(session))
                .contextWrite(context -> context.delete(ObservationThreadLocalAccessor.KEY));
    }

    private Mono<Void> handle(ChatSession session, String text) {
        if (!session.admit(null)) {
            return Mono.empty();
        }
        ClientFrame frame;
        try {
            frame = codec.decode(text);
        }
        catch (ParleyException e) {
            metrics.unreadableFrameIn();
            session.onUnreadableFrame(e);
            return Mono.empty();
        }
        metrics.frameIn(frame);
        return session.onFrame(frame);
    }
}
