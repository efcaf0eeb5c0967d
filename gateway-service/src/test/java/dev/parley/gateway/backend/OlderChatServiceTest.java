package dev.parley.gateway.backend;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.springframework.messaging.rsocket.annotation.support.RSocketMessageHandler;
import org.springframework.security.rsocket.metadata.BearerTokenAuthenticationEncoder;
import org.springframework.stereotype.Controller;

import dev.parley.model.ErrorCode;
import dev.parley.model.MessageAck;
import dev.parley.model.MessageRoutes;
import dev.parley.model.PostMessage;
import dev.parley.model.PostOutcome;
import io.rsocket.core.RSocketServer;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** A chat-service from before {@link MessageRoutes#POST_ALL} (a rolling upgrade): the gateway posts one by one. */
class OlderChatServiceTest {

    private static final OlderChatService OLDER = new OlderChatService();

    private static CloseableChannel server;

    private static RSocketRequester requester;

    @BeforeAll
    static void startOlderChatService() {
        RSocketStrategies strategies = RSocketStrategies.builder()
                .encoder(new JacksonJsonEncoder(), new BearerTokenAuthenticationEncoder())
                .decoder(new JacksonJsonDecoder())
                .build();
        RSocketMessageHandler handler = new RSocketMessageHandler();
        handler.setRSocketStrategies(strategies);
        handler.setHandlers(List.of(OLDER));
        handler.afterPropertiesSet();
        server = RSocketServer.create(handler.responder()).bind(TcpServerTransport.create("127.0.0.1", 0)).block();
        requester = RSocketRequester.builder().rsocketStrategies(strategies)
                .tcp("127.0.0.1", server.address().getPort());
    }

    @AfterAll
    static void stop() {
        requester.dispose();
        server.dispose();
    }

    @Test
    void postAllWhenChatServiceDoesNotKnowTheRouteThenPostsOneByOneInOrderWithEachOutcome() {
        URI chat = URI.create("tcp://127.0.0.1:" + server.address().getPort());
        MessageBackend backend = new MessageBackend(new ChatInstances(List.of(new ChatInstances.Instance("older",
                () -> requester))),
                new BackendProperties(List.of(chat), List.of(chat), Duration.ZERO, Duration.ofSeconds(5),
                        Duration.ofSeconds(1)));
        UUID room = UUID.randomUUID();

        StepVerifier.create(backend.postAll(new CallerToken("a-token"), room, List.of(new PostMessage("c1", "one"),
                        new PostMessage("c2", " "), new PostMessage("c3", "three"))))
                .assertNext(outcomes -> {
                    assertThat(outcomes).hasSize(3);
                    assertThat(outcomes.get(0)).isInstanceOfSatisfying(PostOutcome.Stored.class,
                            stored -> assertThat(stored.ack().seq()).isEqualTo(1));
                    assertThat(outcomes.get(1)).isEqualTo(
                            new PostOutcome.Refused(ErrorCode.INVALID_MESSAGE, "the message is empty"));
                    assertThat(outcomes.get(2)).isInstanceOfSatisfying(PostOutcome.Stored.class,
                            stored -> assertThat(stored.ack().seq()).isEqualTo(2));
                })
                .verifyComplete();
        assertThat(OLDER.stored).containsExactly("c1", "c3");
    }

    /** Knows messages.{roomId}.post only. */
    @Controller
    static final class OlderChatService {

        final List<String> stored = new CopyOnWriteArrayList<>();

        @MessageMapping(MessageRoutes.POST)
        Mono<MessageAck> post(@DestinationVariable UUID roomId, @Payload PostMessage post) {
            if (post.text().isBlank()) {
                return Mono.error(new ApplicationErrorException("INVALID_MESSAGE: the message is empty"));
            }
            stored.add(post.clientMsgId());
            return Mono.just(new MessageAck(UUID.randomUUID(), roomId, stored.size(), Instant.now(),
                    post.clientMsgId()));
        }
    }
}
