package dev.parley.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import dev.parley.system.TraceCollector.Span;
import dev.parley.testsupport.ProtocolClient;
import io.rsocket.metadata.WellKnownMimeType;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

import static dev.parley.testsupport.ProtocolClient.text;
import static dev.parley.testsupport.ProtocolClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace per message, across processes: the gateway's request to chat-service, chat-service answering it, the
 * Kafka record it publishes, and the delivery of that record to the room's streams — as exported over OTLP by the
 * services themselves (every trace is sampled in the test systems; see {@link RunningSystem#traces()}).
 */
class TracingIT {

    private static final Duration EXPORTED_WITHIN = Duration.ofSeconds(30);

    private static final MimeType AUTH = MimeTypeUtils
            .parseMimeType(WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString());

    @Test
    void aMessagesTraceRunsFromTheGatewayThroughChatServiceAndKafkaToItsDelivery() {
        RunningSystem system = RunningSystem.get();
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0));
                ProtocolClient bob = ProtocolClient.connect(system.webSocket(1))) {
            alice.signIn(system.accessToken("alice"));
            bob.signIn(system.accessToken("bob"));
            String name = "Traced " + UUID.randomUUID().toString().substring(0, 8);
            alice.send("type", "room.create", "ref", "c", "name", name, "password", "correct horse");
            String roomId = text(alice.reply("c").get("room"), "id");
            bob.send("type", "room.join", "ref", "j", "name", name, "password", "correct horse");
            assertThat(type(bob.reply("j"))).isEqualTo("room.joined");
            bob.send("type", "room.enter", "ref", "e", "roomId", roomId);
            assertThat(type(bob.reply("e"))).isEqualTo("room.entered");
            // NOTE: every gateway follows a room on the room's own chat-service, which delivers without the broker
            // (docs/architecture.md, "One instance per room"). This test follows the room on every instance, as a
            // third gateway would, so that the other instance takes the message from Kafka: the path traced here.
            List<Disposable> relays = followOnEveryChatService(system, roomId);

            // NOTE: the first message may reach bob through his stream's catch-up query (it can start after the
            // commit on a cold system); once he has it, his stream is live, and the second comes through Kafka.
            for (String text : List.of("first", "traced")) {
                alice.send("type", "message.send", "ref", text, "roomId", roomId, "clientMsgId", text, "text", text);
                assertThat(type(alice.reply(text))).isEqualTo("message.ack");
                JsonNode delivered = bob.await(frame -> "message".equals(type(frame)), Duration.ofSeconds(15));
                assertThat(text(delivered, "text")).isEqualTo(text);
            }

            Span delivery = awaitSpan((span) -> span.service().equals("chat-service")
                    && span.name().equals("deliver message") && RunningSystem.traces().spans().stream()
                            .anyMatch((post) -> isGatewayPost(post, roomId) && post.traceId().equals(span.traceId())));
            Span post = awaitSpan((span) -> isGatewayPost(span, roomId) && span.traceId().equals(delivery.traceId()));
            Span answered = awaitSpan((span) -> span.service().equals("chat-service")
                    && span.traceId().equals(post.traceId()) && span.name().endsWith(".post"));
            assertThat(post.parentSpanId()).as("a message's trace starts at the gateway's request, not under the "
                    + "connection's upgrade request").isNull();
            assertThat(answered.parentSpanId()).as("chat-service continues the gateway's request span")
                    .isEqualTo(post.spanId());
            Span published = awaitSpan((span) -> span.spanId().equals(delivery.parentSpanId()));
            assertThat(published.service()).as("the delivery's parent: the Kafka send, in chat-service")
                    .isEqualTo("chat-service");
            assertThat(published.traceId()).isEqualTo(post.traceId());
            relays.forEach(Disposable::dispose);
        }
    }

    /** A relay of the room on each chat-service, under a token with chat.relay; returns once each sent its head. */
    private static List<Disposable> followOnEveryChatService(RunningSystem system, String roomId) {
        String token = system.serviceToken("chat.relay");
        List<Disposable> relays = new ArrayList<>();
        for (String instance : List.of("chat-service-1", "chat-service-2")) {
            RSocketRequester requester = system.rsocket(instance, "PARLEY_CHAT_RSOCKET_PORT");
            List<String> items = new CopyOnWriteArrayList<>();
            Disposable relay = requester.route("messages.{roomId}.relay", roomId)
                    .metadata(new BearerTokenMetadata(token), AUTH)
                    .retrieveFlux(String.class)
                    .subscribe(items::add);
            relays.add(() -> {
                relay.dispose();
                requester.dispose();
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (items.isEmpty() && System.nanoTime() < deadline) {
                RunningSystem.pause(Duration.ofMillis(50));
            }
            assertThat(items).as("the relay's head from %s", instance).isNotEmpty();
        }
        return relays;
    }

    private static boolean isGatewayPost(Span span, String roomId) {
        return span.service().equals("gateway-service") && span.name().contains(roomId) && span.name().endsWith(".post");
    }

    private static Span awaitSpan(Predicate<Span> matching) {
        long deadline = System.nanoTime() + EXPORTED_WITHIN.toNanos();
        while (true) {
            List<Span> spans = RunningSystem.traces().spans();
            Optional<Span> found = spans.stream().filter(matching).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such span within " + EXPORTED_WITHIN + "; received: " + spans);
            }
            RunningSystem.pause(Duration.ofMillis(250));
        }
    }
}
