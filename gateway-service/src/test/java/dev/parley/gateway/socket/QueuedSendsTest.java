package dev.parley.gateway.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.gateway.backend.MessageBackend;
import dev.parley.gateway.backend.RoomBackend;
import dev.parley.gateway.security.TokenVerifier;
import dev.parley.model.MessageAck;
import dev.parley.model.PostMessage;
import dev.parley.model.PostOutcome;
import dev.parley.model.RoomPage;
import dev.parley.model.UserProfile;
import dev.parley.model.frame.ClientFrame;
import dev.parley.model.frame.ServerFrame;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static dev.parley.gateway.socket.SessionTestTokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * A connection's message.send frames do not wait for each other's acknowledgement: the ones that come while one is
 * being stored go together next, in order, and every reply still comes in the order of the frames.
 */
class QueuedSendsTest {

    private static final UUID ROOM = UUID.randomUUID();

    private final TokenVerifier tokens = mock(TokenVerifier.class);

    private final RoomBackend rooms = mock(RoomBackend.class);

    private final MessageBackend messages = mock(MessageBackend.class);

    private final SessionCollaborators collaborators = new SessionCollaborators(tokens, rooms, messages,
            mock(RoomRelays.class), Duration.ofSeconds(1), new UserSendRates(1000, 1000, new AtomicLong()::get));

    private final SocketProperties properties = new SocketProperties("/ws", 65536, Duration.ofSeconds(10), 256, 50,
            50, Duration.ofSeconds(25), Duration.ofSeconds(30), 1000, 1000, 1000, 1000, 2);

    private final Sinks.One<MessageAck> firstAck = Sinks.one();

    private final List<Outgoing> received = new CopyOnWriteArrayList<>();

    private final List<Disposable> outputs = new ArrayList<>();

    @BeforeEach
    void standInBackends() {
        given(tokens.verify(anyString())).willAnswer(call -> Mono.just(jwt(call.getArgument(0))));
        given(rooms.me(any())).willReturn(Mono.just(new UserProfile("alice", "Alice", null)));
        given(rooms.list(any(), any())).willReturn(Mono.just(new RoomPage(List.of(), null)));
        given(messages.post(any(), eq(ROOM), any())).willAnswer(call -> {
            PostMessage post = call.getArgument(2);
            return post.clientMsgId().equals("c-m1") ? firstAck.asMono() : Mono.just(ack(4, post.clientMsgId()));
        });
        given(messages.postAll(any(), eq(ROOM), anyList())).willAnswer(call -> {
            List<PostMessage> posts = call.getArgument(2);
            List<PostOutcome> outcomes = new ArrayList<>();
            for (PostMessage post : posts) {
                outcomes.add(new PostOutcome.Stored(ack(outcomes.size() + 2, post.clientMsgId())));
            }
            return Mono.just(outcomes);
        });
    }

    @AfterEach
    void stopOutputs() {
        outputs.forEach(Disposable::dispose);
    }

    @Test
    void sendsGoOnWithoutWaitingForAcksWhileOtherFramesAndRepliesKeepTheirOrder() {
        ChatSession session = signedIn();

        assertThat(session.onFrame(send("m1")).block(Duration.ofSeconds(1))).isNull();
        session.onFrame(send("m2")).block(Duration.ofSeconds(1));
        session.onFrame(send("m3")).block(Duration.ofSeconds(1));
        // The queue holds two: a third waiting send holds up the connection's reading until the queue has drained.
        Mono<Void> fourth = session.onFrame(send("m4")).cache();
        Disposable waiting = fourth.subscribe();

        assertThat(frames()).isEmpty();
        firstAck.tryEmitValue(ack(1, "c-m1"));
        fourth.block(Duration.ofSeconds(1));
        session.onFrame(new ClientFrame.Ping("p1")).block(Duration.ofSeconds(1));

        assertThat(frames()).extracting(QueuedSendsTest::describe)
                .containsExactly("m1 acked 1", "m2 acked 2", "m3 acked 3", "m4 acked 4", "p1 pong");
        verify(messages).postAll(any(), eq(ROOM), eq(List.of(new PostMessage("c-m2", "hello"),
                new PostMessage("c-m3", "hello"))));
        waiting.dispose();
    }

    @Test
    void aFrameOtherThanASendWaitsUntilTheSendsBeforeItAreAnswered() {
        ChatSession session = signedIn();
        session.onFrame(send("m1")).block(Duration.ofSeconds(1));

        Mono<Void> ping = session.onFrame(new ClientFrame.Ping("p1")).cache();
        Disposable pinging = ping.subscribe();

        assertThat(frames()).isEmpty();
        firstAck.tryEmitValue(ack(1, "c-m1"));
        ping.block(Duration.ofSeconds(1));
        assertThat(frames()).extracting(QueuedSendsTest::describe).containsExactly("m1 acked 1", "p1 pong");
        pinging.dispose();
    }

    private ChatSession signedIn() {
        ChatSession session = new ChatSession(collaborators, properties);
        outputs.add(session.output().subscribe(received::add));
        session.onFrame(new ClientFrame.Auth("auth", "alice")).block();
        assertThat(frames()).singleElement().isInstanceOf(ServerFrame.Ready.class);
        received.clear();
        return session;
    }

    private List<ServerFrame> frames() {
        return SessionTestTokens.frames(received);
    }

    private static String describe(ServerFrame frame) {
        if (frame instanceof ServerFrame.MessageAcked acked) {
            return acked.ref() + " acked " + acked.seq();
        }
        if (frame instanceof ServerFrame.Error error) {
            return error.ref() + " " + error.code();
        }
        if (frame instanceof ServerFrame.Pong pong) {
            return pong.ref() + " pong";
        }
        return frame.toString();
    }

    private static ClientFrame.SendMessage send(String ref) {
        return new ClientFrame.SendMessage(ref, ROOM, "c-" + ref, "hello");
    }

    private static MessageAck ack(long seq, String clientMsgId) {
        return new MessageAck(UUID.randomUUID(), ROOM, seq, Instant.now(), clientMsgId);
    }
}
