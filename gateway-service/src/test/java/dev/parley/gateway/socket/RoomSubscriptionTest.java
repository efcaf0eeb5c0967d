package dev.parley.gateway.socket;

import java.time.Duration;
import java.time.Instant;
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
import dev.parley.model.ChatMessage;
import dev.parley.model.ErrorCode;
import dev.parley.model.HistoryPage;
import dev.parley.model.ParleyException;
import dev.parley.model.RoomPage;
import dev.parley.model.UserProfile;
import dev.parley.model.frame.ClientFrame;
import dev.parley.model.frame.ServerFrame;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.parley.gateway.socket.SessionTestTokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** An entered room as a session reads it: from the room's relay, resumed after it breaks, and without one if refused. */
class RoomSubscriptionTest {

    private static final UUID ROOM = UUID.randomUUID();

    private final TokenVerifier tokens = mock(TokenVerifier.class);

    private final RoomBackend rooms = mock(RoomBackend.class);

    private final MessageBackend messages = mock(MessageBackend.class);

    private final RoomRelays relays = mock(RoomRelays.class);

    private final SessionCollaborators collaborators = new SessionCollaborators(tokens, rooms, messages, relays,
            Duration.ofMillis(200), new UserSendRates(100, 100, new AtomicLong()::get));

    private final SocketProperties properties = new SocketProperties("/ws", 65536, Duration.ofSeconds(10), 256, 50,
            50, Duration.ofSeconds(25), Duration.ofSeconds(30), 1000, 1000, 100, 100, 64);

    private final List<Outgoing> received = new CopyOnWriteArrayList<>();

    private Disposable output;

    @BeforeEach
    void standInBackends() {
        given(tokens.verify(anyString())).willAnswer(call -> Mono.just(jwt(call.getArgument(0))));
        given(rooms.me(any())).willReturn(Mono.just(new UserProfile("bob", "Bob", null)));
        given(rooms.list(any(), any())).willReturn(Mono.just(new RoomPage(List.of(), null)));
        given(messages.history(any(), eq(ROOM), any())).willReturn(Mono.just(new HistoryPage(ROOM, List.of(), false)));
    }

    @AfterEach
    void close() {
        output.dispose();
    }

    @Test
    void aMemberWhoseRelayBrokeResumesItFromTheLastMessageDelivered() {
        given(relays.follow(eq(ROOM), eq(0L), eq("bob"), any(), any())).willReturn(Flux.just(delivery(1))
                .concatWith(Flux.error(new ParleyException(ErrorCode.SERVICE_UNAVAILABLE, "relay broke"))));
        given(relays.follow(eq(ROOM), eq(1L), eq("bob"), any(), any())).willReturn(Flux.just(delivery(2))
                .concatWith(Flux.never()));

        enter();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(seqs()).containsExactly(1L, 2L));
        assertThat(received).noneMatch(outgoing -> outgoing instanceof Outgoing.Close);
    }

    @Test
    void aMemberWhoseRelayChatServiceRefusesReadsItsOwnStreamInstead() {
        given(relays.follow(eq(ROOM), anyLong(), eq("bob"), any(), any()))
                .willReturn(Flux.error(new RoomRelays.RelayRefused("FORBIDDEN: needs scope chat.relay")));
        given(messages.stream(any(), eq(ROOM), eq(0L))).willReturn(Flux.just(message(1), message(2))
                .concatWith(Flux.never()));

        enter();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(seqs()).containsExactly(1L, 2L));
        verify(messages).stream(any(), eq(ROOM), eq(0L));
        assertThat(received).noneMatch(outgoing -> outgoing instanceof Outgoing.Frame frame
                && frame.frame() instanceof ServerFrame.Error);
    }

    private void enter() {
        ChatSession session = new ChatSession(collaborators, properties);
        output = session.output().subscribe(received::add);
        session.onFrame(new ClientFrame.Auth("auth", "bob")).block();
        session.onFrame(new ClientFrame.EnterRoom("in", ROOM, null)).block();
    }

    /** The seqs of the message frames written so far, relayed (already encoded) or not. */
    private List<Long> seqs() {
        return received.stream()
                .map(outgoing -> outgoing instanceof Outgoing.Frame frame ? frame.frame()
                        : outgoing instanceof Outgoing.Encoded encoded ? encoded.frame() : null)
                .filter(frame -> frame instanceof ServerFrame.Message)
                .map(frame -> ((ServerFrame.Message) frame).seq())
                .toList();
    }

    private static RoomCursor.Delivery delivery(long seq) {
        return RoomCursor.Delivery.of(message(seq));
    }

    private static ChatMessage message(long seq) {
        return new ChatMessage(UUID.randomUUID(), ROOM, seq, "carol", "Carol", "m" + seq, Instant.now(), "c-" + seq);
    }
}
