package dev.parley.gateway.backend;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.springframework.messaging.rsocket.annotation.support.RSocketMessageHandler;
import org.springframework.stereotype.Controller;

import dev.parley.model.ErrorCode;
import dev.parley.model.MessageRoutes;
import io.rsocket.core.RSocketServer;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class ChatInstancesTest {

    private static final List<String> ADDRESSES = List.of("tcp://10.0.0.1:7002", "tcp://10.0.0.2:7002",
            "tcp://10.0.0.3:7002");

    private static final Answering ANSWERING = new Answering("answered", false);

    private static CloseableChannel server;

    private static CloseableChannel stopping;

    @BeforeAll
    static void startInstances() {
        server = serve(ANSWERING, 0);
        stopping = serve(new Answering("never", true), 0);
    }

    @AfterAll
    static void stopInstances() {
        server.dispose();
        stopping.dispose();
    }

    @Test
    void everyGatewayGivesARoomTheSameInstancesInTheSameOrder() {
        ChatInstances one = instances(ADDRESSES);
        ChatInstances other = instances(List.of(ADDRESSES.get(2), ADDRESSES.get(0), ADDRESSES.get(1)));

        for (int i = 0; i < 100; i++) {
            UUID room = UUID.randomUUID();
            assertThat(addresses(other, room)).containsExactlyElementsOf(addresses(one, room));
        }
    }

    @Test
    void spreadsRoomsEvenlyOverTheInstances() {
        ChatInstances instances = instances(ADDRESSES);
        Map<String, Integer> rooms = new HashMap<>();

        IntStream.range(0, 3000).forEach(i -> rooms.merge(addresses(instances, UUID.randomUUID()).get(0), 1,
                Integer::sum));

        assertThat(rooms).containsOnlyKeys(ADDRESSES);
        assertThat(rooms.values()).allSatisfy(count -> assertThat(count).isBetween(800, 1200));
    }

    @Test
    void movesOnlyTheRoomsOfAnInstanceThatIsGoneEachToItsOwnNextInstance() {
        ChatInstances all = instances(ADDRESSES);
        ChatInstances withoutFirst = instances(ADDRESSES.subList(1, 3));

        for (int i = 0; i < 300; i++) {
            UUID room = UUID.randomUUID();
            List<String> order = addresses(all, room);
            assertThat(addresses(withoutFirst, room).get(0))
                .isEqualTo(order.get(0).equals(ADDRESSES.get(0)) ? order.get(1) : order.get(0));
        }
    }

    @Test
    void keepsTheConnectionsOfInstancesStillListedAndAsksNoMoreThoseGone() {
        AtomicInteger connections = new AtomicInteger();
        java.util.function.Function<String, ChatInstances.Instance> create = address -> new ChatInstances.Instance(
                address, () -> mock(RSocketRequester.class));
        ChatInstances instances = instances(ADDRESSES.subList(0, 2));
        Map<String, ChatInstances.Instance> before = new HashMap<>();
        instances.forRoom(UUID.randomUUID()).forEach(instance -> before.put(instance.address(), instance));

        instances.listAs(List.of(ADDRESSES.get(1), ADDRESSES.get(2)), address -> {
            connections.incrementAndGet();
            return create.apply(address);
        });

        assertThat(instances.addresses()).containsExactlyInAnyOrder(ADDRESSES.get(1), ADDRESSES.get(2));
        assertThat(connections).as("instances created").hasValue(1);
        assertThat(instances.forRoom(UUID.randomUUID())).anySatisfy(
                instance -> assertThat(instance).isSameAs(before.get(ADDRESSES.get(1))));
        instances.listAs(List.of(), create);
        assertThat(instances.addresses()).as("an empty list changes nothing")
            .containsExactlyInAnyOrder(ADDRESSES.get(1), ADDRESSES.get(2));
    }

    @Test
    void keepsTheConnectionOfAnInstanceListedAgainBeforeItIsClosed() {
        AtomicInteger connections = new AtomicInteger();
        ChatInstances instances = instances(ADDRESSES.subList(0, 2));
        ChatInstances.Instance first = instances.forRoom(UUID.randomUUID()).stream()
                .filter(instance -> instance.address().equals(ADDRESSES.get(0))).findFirst().orElseThrow();

        instances.listAs(List.of(ADDRESSES.get(1)), address -> {
            connections.incrementAndGet();
            return new ChatInstances.Instance(address, () -> mock(RSocketRequester.class));
        });
        instances.listAs(List.of(ADDRESSES.get(0), ADDRESSES.get(1)), address -> {
            connections.incrementAndGet();
            return new ChatInstances.Instance(address, () -> mock(RSocketRequester.class));
        });

        assertThat(connections).as("instances created").hasValue(0);
        assertThat(instances.forRoom(UUID.randomUUID())).anySatisfy(instance -> assertThat(instance).isSameAs(first));
        instances.dispose();
    }

    @Test
    void passesACallToTheRoomsNextInstanceWhenItsFirstCannotBeConnectedTo() throws IOException {
        String down = "tcp://127.0.0.1:" + closedPort();
        String up = "tcp://127.0.0.1:" + server.address().getPort();
        ChatInstances instances = connected(List.of(down, up));
        UUID room = roomFirstOn(instances, down);

        StepVerifier.create(instances.request(room, requester -> requester.route("answer").retrieveMono(String.class)))
            .expectNext("answered")
            .verifyComplete();
        StepVerifier.create(instances.stream(room, requester -> requester.route("count").retrieveFlux(String.class)))
            .expectNext("one", "two", "three")
            .verifyComplete();
        instances.dispose();
    }

    @Test
    void asksAnInstanceThatRefusedACallAgainOnceItIsBack() throws Exception {
        int port = closedPort();
        String restarting = "tcp://127.0.0.1:" + port;
        ChatInstances instances = connected(List.of(restarting, "tcp://127.0.0.1:" + server.address().getPort()));
        UUID room = roomFirstOn(instances, restarting);
        StepVerifier.create(instances.request(room, requester -> requester.route("answer").retrieveMono(String.class)))
            .expectNext("answered")
            .verifyComplete();

        CloseableChannel restarted = serve(new Answering("answered after the restart", false), port);
        try {
            Thread.sleep(ChatInstances.REFUSAL_MEMORY.toMillis() + 100);
            StepVerifier.create(instances.request(room,
                    requester -> requester.route("answer").retrieveMono(String.class)))
                .expectNext("answered after the restart")
                .verifyComplete();
        }
        finally {
            instances.dispose();
            restarted.dispose();
        }
    }

    @Test
    void passesACallRefusedByAStoppingInstanceToTheRoomsNextInstance() {
        String draining = "tcp://127.0.0.1:" + stopping.address().getPort();
        ChatInstances instances = connected(List.of(draining, "tcp://127.0.0.1:" + server.address().getPort()));
        UUID room = roomFirstOn(instances, draining);

        StepVerifier.create(instances.request(room, requester -> requester.route("answer").retrieveMono(String.class)))
            .expectNext("answered")
            .verifyComplete();
        instances.dispose();
    }

    @Test
    void doesNotPassOnACallThatReachedItsInstance() throws IOException {
        String up = "tcp://127.0.0.1:" + server.address().getPort();
        String down = "tcp://127.0.0.1:" + closedPort();
        ChatInstances instances = connected(List.of(up, down));
        UUID room = roomFirstOn(instances, up);
        int refusals = ANSWERING.refusals.get();

        // A post that reached chat-service may be stored: asking another instance could store it twice.
        StepVerifier.create(instances.request(room, requester -> requester.route("refuse").retrieveMono(String.class)))
            .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(ApplicationErrorException.class)
                .hasMessage("refused"))
            .verify();
        assertThat(ANSWERING.refusals.get()).isEqualTo(refusals + 1);
        instances.dispose();
    }

    @Test
    void failsWithTheLastInstancesFailureWhenNoneCanBeConnectedTo() throws IOException {
        ChatInstances instances = connected(List.of("tcp://127.0.0.1:" + closedPort(),
                "tcp://127.0.0.1:" + closedPort()));

        StepVerifier.create(instances.request(UUID.randomUUID(),
                requester -> requester.route("answer").retrieveMono(String.class)))
            .expectErrorSatisfies(error -> assertThat(UnreachableInstance.is(error))
                .as("%s is a ConnectException", error).isTrue())
            .verify();
        instances.dispose();
    }

    private static ChatInstances instances(List<String> addresses) {
        return new ChatInstances(addresses.stream()
                .map(address -> new ChatInstances.Instance(address, () -> mock(RSocketRequester.class)))
                .toList());
    }

    private static ChatInstances connected(List<String> addresses) {
        return new ChatInstances(addresses.stream()
                .map(address -> {
                    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                    return new ChatInstances.Instance(address, () -> RSocketRequester.builder().tcp("127.0.0.1", port));
                })
                .toList());
    }

    private static List<String> addresses(ChatInstances instances, UUID room) {
        return instances.forRoom(room).stream().map(ChatInstances.Instance::address).toList();
    }

    private static UUID roomFirstOn(ChatInstances instances, String address) {
        return Flux.generate(sink -> sink.next(UUID.randomUUID()))
                .cast(UUID.class)
                .filter(room -> addresses(instances, room).get(0).equals(address))
                .blockFirst();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static CloseableChannel serve(Answering answering, int port) {
        RSocketMessageHandler handler = new RSocketMessageHandler();
        handler.setRSocketStrategies(RSocketStrategies.create());
        handler.setHandlers(List.of(answering));
        handler.afterPropertiesSet();
        return RSocketServer.create(handler.responder()).bind(TcpServerTransport.create("127.0.0.1", port)).block();
    }

    /** An instance that answers, or one that is stopping and refuses every call as chat-service does then. */
    @Controller
    static final class Answering {

        final AtomicInteger refusals = new AtomicInteger();

        private final String answer;

        private final boolean stopping;

        Answering(String answer, boolean stopping) {
            this.answer = answer;
            this.stopping = stopping;
        }

        @MessageMapping("answer")
        Mono<String> answer() {
            return stopping ? Mono.error(new ApplicationErrorException(ErrorCode.SERVICE_UNAVAILABLE + ": "
                    + MessageRoutes.INSTANCE_STOPPING)) : Mono.just(answer);
        }

        @MessageMapping("count")
        Flux<String> count() {
            return Flux.just("one", "two", "three");
        }

        @MessageMapping("refuse")
        Mono<String> refuse() {
            refusals.incrementAndGet();
            return Mono.error(new ApplicationErrorException("refused"));
        }
    }
}
