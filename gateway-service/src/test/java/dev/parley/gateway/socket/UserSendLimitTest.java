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
import dev.parley.model.RoomPage;
import dev.parley.model.UserProfile;
import dev.parley.model.frame.ClientFrame;
import dev.parley.model.frame.ServerFrame;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.parley.gateway.socket.SessionTestTokens.frames;
import static dev.parley.gateway.socket.SessionTestTokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The per-user send limit as sessions apply it: shared by every connection of a user, refused before chat-service is
 * called, answered in band. The backends are stand-ins and the limit's clock stands still, so nothing refills.
 */
class UserSendLimitTest {

    private static final UUID ROOM = UUID.randomUUID();

    private final TokenVerifier tokens = mock(TokenVerifier.class);

    private final RoomBackend rooms = mock(RoomBackend.class);

    private final MessageBackend messages = mock(MessageBackend.class);

    /** Two messages at once per user, then one a second; the clock never moves. */
    private final SessionCollaborators collaborators = new SessionCollaborators(tokens, rooms, messages,
            mock(RoomRelays.class), Duration.ofSeconds(1), new UserSendRates(1, 2, new AtomicLong()::get));

    private final SocketProperties properties = new SocketProperties("/ws", 65536, Duration.ofSeconds(10), 256, 50,
            50, Duration.ofSeconds(25), Duration.ofSeconds(30), 1000, 1000, 1, 2, 64);

    private final List<Disposable> outputs = new ArrayList<>();

    @BeforeEach
    void standInBackends() {
        // The auth frame's token is the user's id.
        given(tokens.verify(anyString())).willAnswer(call -> Mono.just(jwt(call.getArgument(0))));
        given(rooms.me(any())).willReturn(Mono.just(new UserProfile("someone", "Someone", null)));
        given(rooms.events(any())).willReturn(Flux.never());
        given(rooms.list(any(), any())).willReturn(Mono.just(new RoomPage(List.of(), null)));
        given(messages.post(any(), any(), any())).willAnswer(call -> {
            PostMessage post = call.getArgument(2);
            return Mono.just(new MessageAck(UUID.randomUUID(), ROOM, 1, Instant.now(), post.clientMsgId()));
        });
    }

    @AfterEach
    void stopOutputs() {
        outputs.forEach(Disposable::dispose);
    }

    @Test
    void sendWhenTheUsersOtherConnectionsUsedTheBurstThenRateLimitedWithItsRefAndChatServiceNotCalled() {
        List<Outgoing> first = new CopyOnWriteArrayList<>();
        List<Outgoing> second = new CopyOnWriteArrayList<>();
        ChatSession one = signedIn("alice", first);
        ChatSession two = signedIn("alice", second);

        one.onFrame(send("m1")).block();
        two.onFrame(send("m2")).block();
        two.onFrame(send("m3")).block();

        assertThat(frames(first)).singleElement().isInstanceOf(ServerFrame.MessageAcked.class);
        assertThat(frames(second)).hasSize(2);
        assertThat(frames(second).get(0)).isInstanceOf(ServerFrame.MessageAcked.class);
        assertThat(frames(second).get(1)).isInstanceOfSatisfying(ServerFrame.Error.class, error -> {
            assertThat(error.ref()).isEqualTo("m3");
            assertThat(error.code()).isEqualTo("RATE_LIMITED");
            assertThat(error.retryable()).isTrue();
        });
        verify(messages, times(2)).post(any(), any(), any());
        assertThat(second).noneMatch(outgoing -> outgoing instanceof Outgoing.Close);
    }

    @Test
    void sendWhenAnotherUserIsFloodingThenAccepted() {
        List<Outgoing> flooder = new CopyOnWriteArrayList<>();
        List<Outgoing> bystander = new CopyOnWriteArrayList<>();
        ChatSession alice = signedIn("alice", flooder);
        ChatSession bob = signedIn("bob", bystander);

        for (int i = 0; i < 5; i++) {
            alice.onFrame(send("a" + i)).block();
        }
        bob.onFrame(send("b1")).block();

        assertThat(frames(flooder)).filteredOn(frame -> frame instanceof ServerFrame.Error).hasSize(3);
        assertThat(frames(bystander)).singleElement().isInstanceOf(ServerFrame.MessageAcked.class);
    }

    @Test
    void sendWhenTheFrameIsMalformedThenBadFrameAndNoMessageOfTheLimitUsed() {
        List<Outgoing> received = new CopyOnWriteArrayList<>();
        ChatSession session = signedIn("alice", received);

        for (int i = 0; i < 5; i++) {
            session.onFrame(new ClientFrame.SendMessage("bad" + i, ROOM, null, "hello")).block();
        }
        session.onFrame(send("m1")).block();
        session.onFrame(send("m2")).block();

        assertThat(frames(received)).filteredOn(frame -> frame instanceof ServerFrame.MessageAcked).hasSize(2);
    }

    /** A session signed in as {@code userId}, its output after the {@code ready} frame collected in {@code into}. */
    private ChatSession signedIn(String userId, List<Outgoing> into) {
        ChatSession session = new ChatSession(collaborators, properties);
        outputs.add(session.output().subscribe(into::add));
        session.onFrame(new ClientFrame.Auth("auth", userId)).block();
        assertThat(frames(into)).singleElement().isInstanceOf(ServerFrame.Ready.class);
        into.clear();
        return session;
    }

    private static ClientFrame.SendMessage send(String ref) {
        return new ClientFrame.SendMessage(ref, ROOM, "c-" + ref, "hello");
    }

}
