package dev.parley.chat;

import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.UUID;

import dev.parley.model.ChatMessage;
import dev.parley.model.ErrorCode;
import dev.parley.model.HistoryPage;
import dev.parley.model.HistoryQuery;
import dev.parley.model.MessageAck;
import dev.parley.model.MessageRoutes;
import dev.parley.model.PostMessage;
import dev.parley.model.PostMessages;
import dev.parley.model.PostOutcome;
import dev.parley.model.PostOutcomes;
import dev.parley.model.RelayItem;
import dev.parley.model.StreamRequest;
import dev.parley.testsupport.SharedKafka;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.metadata.WellKnownMimeType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.security.rsocket.metadata.BearerTokenAuthenticationEncoder;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MimeType;

import static org.assertj.core.api.Assertions.assertThat;

/** The RSocket edge as a gateway sees it: authentication, membership, the error contract, payload mapping. */
class ChatRSocketIT extends ChatServiceTestEnvironment {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final MimeType BEARER = MimeType.valueOf(WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString());

    private static final MimeType LEGACY_BEARER = MimeType.valueOf("message/x.rsocket.authentication.bearer.v0");

    @Autowired
    RSocketRequester.Builder builder;

    @Value("${local.rsocket.server.port}")
    int rsocketPort;

    @Value("${local.server.port}")
    int httpPort;

    RSocketRequester requester;

    @BeforeEach
    void connect() {
        requester = builder.rsocketStrategies(strategies -> strategies.encoder(new BearerTokenAuthenticationEncoder()))
                .dataMimeType(MediaType.APPLICATION_JSON)
                .tcp("127.0.0.1", rsocketPort);
    }

    @AfterEach
    void disconnect() {
        requester.dispose();
    }

    @Test
    void postWhenMemberWithValidTokenThenAcknowledgedAndVisibleInHistoryWithTheTokensName() {
        UUID room = newRoomWith("carol");
        String token = accessToken("carol", "Carol C.");

        StepVerifier.create(requester.route(MessageRoutes.POST, room).metadata(new BearerTokenMetadata(token), BEARER)
                        .data(new PostMessage("rs-1", "over rsocket")).retrieveMono(MessageAck.class))
                .assertNext(ack -> {
                    assertThat(ack.roomId()).isEqualTo(room);
                    assertThat(ack.seq()).isEqualTo(1);
                    assertThat(ack.clientMsgId()).isEqualTo("rs-1");
                })
                .verifyComplete();
        StepVerifier.create(requester.route(MessageRoutes.HISTORY, room).metadata(new BearerTokenMetadata(token), BEARER)
                        .data(new HistoryQuery(null, 10)).retrieveMono(HistoryPage.class))
                .assertNext(page -> assertThat(page.messages()).singleElement()
                        .satisfies(m -> assertThat(m.senderName()).isEqualTo("Carol C.")))
                .verifyComplete();
        StepVerifier.create(requester.route(MessageRoutes.STREAM, room).metadata(new BearerTokenMetadata(token), BEARER)
                        .data(new StreamRequest(0)).retrieveFlux(ChatMessage.class).map(ChatMessage::text))
                .expectNext("over rsocket")
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void postAllAnswersOneOutcomePerPostInOrderOverTheWire() {
        UUID room = newRoomWith("heidi");
        String token = accessToken("heidi", "Heidi");

        StepVerifier.create(requester.route(MessageRoutes.POST_ALL, room).metadata(new BearerTokenMetadata(token), BEARER)
                        .data(new PostMessages(List.of(new PostMessage("all-1", "one"), new PostMessage("all-2", ""),
                                new PostMessage("all-3", "three"))))
                        .retrieveMono(PostOutcomes.class))
                .assertNext(reply -> {
                    assertThat(reply.outcomes()).hasSize(3);
                    assertThat(reply.outcomes().get(0)).isInstanceOfSatisfying(PostOutcome.Stored.class,
                            stored -> assertThat(stored.ack().seq()).isEqualTo(1));
                    assertThat(reply.outcomes().get(1)).isEqualTo(
                            new PostOutcome.Refused(ErrorCode.INVALID_MESSAGE, "the message is empty"));
                    assertThat(reply.outcomes().get(2)).isInstanceOfSatisfying(PostOutcome.Stored.class,
                            stored -> assertThat(stored.ack().seq()).isEqualTo(2));
                })
                .verifyComplete();
    }

    @Test
    void postAllWhenNotAMemberOrEmptyThenTheWholeRequestIsRefused() {
        UUID room = newRoomWith("ivan");

        StepVerifier.create(requester.route(MessageRoutes.POST_ALL, room)
                        .metadata(new BearerTokenMetadata(accessToken("judy", "Judy")), BEARER)
                        .data(new PostMessages(List.of(new PostMessage("x-1", "hello")))).retrieveMono(PostOutcomes.class))
                .expectErrorSatisfies(error -> assertThat(error).hasMessageStartingWith("NOT_A_MEMBER: "))
                .verify(TIMEOUT);
        StepVerifier.create(requester.route(MessageRoutes.POST_ALL, room)
                        .metadata(new BearerTokenMetadata(accessToken("ivan", "Ivan")), BEARER)
                        .data(new PostMessages(List.of())).retrieveMono(PostOutcomes.class))
                .expectErrorSatisfies(error -> assertThat(error)
                        .hasMessage("INVALID_REQUEST: posts must hold 1 to 64 messages"))
                .verify(TIMEOUT);
    }

    /** A gateway posts one by one when chat-service answers a batch like this (an instance older than the route). */
    @Test
    void routeThisServiceDoesNotServeIsRefusedAsNoHandler() {
        StepVerifier.create(requester.route("messages.{roomId}.not-yet", UUID.randomUUID())
                        .metadata(new BearerTokenMetadata(accessToken("ivan", "Ivan")), BEARER)
                        .data(new PostMessages(List.of(new PostMessage("x-1", "hello")))).retrieveMono(PostOutcomes.class))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(ApplicationErrorException.class)
                        .hasMessageStartingWith("No handler"))
                .verify(TIMEOUT);
    }

    @Test
    void relayWhenCallerLacksScopeChatRelayThenForbiddenEvenForAMember() {
        UUID room = newRoomWith("erin");

        for (String token : new String[] { accessToken("erin", "Erin"), serviceToken("parley-service", "chat.read") }) {
            StepVerifier.create(requester.route(MessageRoutes.RELAY, room).metadata(new BearerTokenMetadata(token), BEARER)
                            .retrieveFlux(RelayItem.class))
                    .expectErrorSatisfies(error -> assertThat(error)
                            .hasMessage("FORBIDDEN: following a room's relay needs scope chat.relay"))
                    .verify(TIMEOUT);
        }
    }

    @Test
    void relayStartsAtTheRoomsHeadThenPassesOnItsNewMessagesAndRemovalsToTheGateway() {
        UUID room = newRoomWith("frank", "grace");
        String frank = accessToken("frank", "Frank");
        for (String id : new String[] { "relay-1", "relay-2" }) {
            requester.route(MessageRoutes.POST, room).metadata(new BearerTokenMetadata(frank), BEARER)
                    .data(new PostMessage(id, "before the relay")).retrieveMono(MessageAck.class).block(TIMEOUT);
        }

        // NOTE: announced again every second until heard: the membership consumer may still be joining its topic,
        // and it starts from the latest event.
        Disposable[] announcing = new Disposable[1];
        StepVerifier.create(requester.route(MessageRoutes.RELAY, room)
                        .metadata(new BearerTokenMetadata(serviceToken("parley-service", "chat.read chat.relay")), BEARER)
                        .retrieveFlux(RelayItem.class))
                .expectNext(new RelayItem.Head(2))
                .then(() -> requester.route(MessageRoutes.POST, room).metadata(new BearerTokenMetadata(frank), BEARER)
                        .data(new PostMessage("relay-3", "after the head")).retrieveMono(MessageAck.class).block(TIMEOUT))
                .assertNext(item -> assertThat(item).isInstanceOfSatisfying(RelayItem.Message.class,
                        relayed -> assertThat(relayed.message().seq()).isEqualTo(3)))
                .then(() -> announcing[0] = Flux.interval(Duration.ZERO, Duration.ofSeconds(1))
                        .subscribe(tick -> announceRemoval(room, "grace")))
                .expectNext(new RelayItem.Removal("grace"))
                .thenCancel()
                .verify(TIMEOUT);
        announcing[0].dispose();
    }

    /** As room-service does: a MemberRemoved event on the membership topic. */
    private static void announceRemoval(UUID room, String userId) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>("parley.membership-events", room.toString(),
                    "{\"roomId\":\"" + room + "\",\"userId\":\"" + userId + "\"}")).get();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void postWhenTokenTravelsAsLegacyBearerMetadataThenAccepted() {
        UUID room = newRoomWith("dave");

        StepVerifier.create(requester.route(MessageRoutes.POST, room)
                        .metadata(accessToken("dave", "Dave"), LEGACY_BEARER)
                        .data(new PostMessage("legacy-1", "plain bearer")).retrieveMono(MessageAck.class))
                .assertNext(ack -> assertThat(ack.seq()).isEqualTo(1))
                .verifyComplete();
    }

    @Test
    void requestWhenNoTokenThenRejectedAsUnauthenticated() {
        StepVerifier.create(requester.route(MessageRoutes.HISTORY, UUID.randomUUID()).data(new HistoryQuery(null, 10))
                        .retrieveMono(HistoryPage.class))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(ApplicationErrorException.class)
                        .hasMessageStartingWith("UNAUTHENTICATED: "))
                .verify(TIMEOUT);
    }

    @Test
    void requestWhenTokenIsGarbageThenRejectedAsTokenInvalid() {
        StepVerifier.create(requester.route(MessageRoutes.HISTORY, UUID.randomUUID())
                        .metadata(new BearerTokenMetadata("not-a-jwt"), BEARER)
                        .data(new HistoryQuery(null, 10)).retrieveMono(HistoryPage.class))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(ApplicationErrorException.class)
                        .hasMessageStartingWith("TOKEN_INVALID: "))
                .verify(TIMEOUT);
    }

    @Test
    void requestWhenCallerIsNotAMemberThenNotAMemberOnTheWire() {
        UUID room = newRoomWith("alice");

        StepVerifier.create(requester.route(MessageRoutes.STREAM, room)
                        .metadata(new BearerTokenMetadata(accessToken("mallory", "Mallory")), BEARER)
                        .data(new StreamRequest(0)).retrieveFlux(ChatMessage.class))
                .expectErrorSatisfies(error -> assertThat(error)
                        .hasMessage("NOT_A_MEMBER: you are not a member of this room"))
                .verify(TIMEOUT);
    }

    @Test
    void postWhenClientMsgIdIsInvalidThenInvalidRequestOnTheWire() {
        UUID room = newRoomWith("bob");

        StepVerifier.create(requester.route(MessageRoutes.POST, room)
                        .metadata(new BearerTokenMetadata(accessToken("bob", "Bob")), BEARER)
                        .data(new PostMessage("not valid!", "hi")).retrieveMono(MessageAck.class))
                .expectErrorSatisfies(error -> assertThat(error).hasMessageStartingWith("INVALID_REQUEST: "))
                .verify(TIMEOUT);
    }

    @Test
    void requestWhenRoomIdIsNotAUuidThenInvalidRequestWithoutInternals() {
        StepVerifier.create(requester.route("messages.not-a-room.history")
                        .metadata(new BearerTokenMetadata(accessToken("bob", "Bob")), BEARER)
                        .data(new HistoryQuery(null, 10)).retrieveMono(HistoryPage.class))
                .expectErrorSatisfies(error -> assertThat(error)
                        .hasMessage("INVALID_REQUEST: the request payload or route is malformed"))
                .verify(TIMEOUT);
    }

    @Test
    void httpWhenHealthProbeThenOpenAndEverythingElseDenied() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + httpPort).build();

        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/env").exchange().expectStatus().value(status -> assertThat(status).isIn(401, 403, 404));
        http.get().uri("/anything").exchange().expectStatus().value(status -> assertThat(status).isIn(401, 403));
    }
}
