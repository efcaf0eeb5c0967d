package dev.parley.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.parley.launcher.ServiceInstance;
import dev.parley.testsupport.ProtocolClient;
import tools.jackson.databind.JsonNode;

import static dev.parley.testsupport.ProtocolClient.text;
import static dev.parley.testsupport.ProtocolClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery guarantees of a scaled-out Parley (two gateways, two chat-services, a real broker and PostgreSQL),
 * proven by killing and restarting its parts while messages flow. Each subclass runs them on one topic layout.
 */
abstract class ScaleOutContract {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The system under test; the same instance for every test of a class. */
    abstract RunningSystem parley();

    @Test
    void membersOnDifferentGatewaysGetEveryMessageOfEveryRoomOnceAndInOrder() {
        RunningSystem parley = parley();
        try (ProtocolClient alice = parley.connect(0, parley.accessToken("alice"));
                ProtocolClient bob = parley.connect(1, parley.accessToken("bob"));
                ProtocolClient carol = parley.connect(1, parley.accessToken("carol"))) {
            List<String> rooms = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                String roomId = createRoom(alice, "Fanout " + r + " " + suffix());
                join(bob, roomId);
                join(carol, roomId);
                rooms.add(roomId);
            }
            for (int i = 1; i <= 10; i++) {
                for (String roomId : rooms) {
                    sendReliably(alice, roomId, "a-" + i, "alice " + i);
                    sendReliably(bob, roomId, "b-" + i, "bob " + i);
                }
            }
            for (ProtocolClient client : List.of(alice, bob, carol)) {
                for (String roomId : rooms) {
                    awaitMessage(client, roomId, 20);
                    assertThat(seqsReceived(client, roomId)).containsExactlyElementsOf(range(1, 20));
                }
            }
        }
    }

    @Test
    void aBrandNewRoomsFirstMessageReachesMembersOnBothGateways() {
        RunningSystem parley = parley();
        try (ProtocolClient alice = parley.connect(0, parley.accessToken("alice"));
                ProtocolClient bob = parley.connect(1, parley.accessToken("bob"))) {
            String roomId = createRoom(alice, "Fresh " + suffix());
            join(bob, roomId);
            assertThat(sendReliably(alice, roomId, "first", "the very first")).isEqualTo(1);
            assertThat(text(awaitMessage(bob, roomId, 1), "text")).isEqualTo("the very first");
            assertThat(text(awaitMessage(alice, roomId, 1), "text")).isEqualTo("the very first");
        }
    }

    @Test
    void killingTheRoomsChatServiceWhileMessagesFlowLosesAndDoublesNothing() throws Exception {
        RunningSystem parley = parley();
        String scrapeToken = parley.serviceToken("metrics.read");
        Map<String, Double> storedBefore = storedPosts(parley, scrapeToken);
        ServiceInstance victim = null;
        try (ProtocolClient alice = parley.connect(0, parley.accessToken("alice"));
                ProtocolClient bob = parley.connect(1, parley.accessToken("bob"))) {
            String roomId = createRoom(alice, "Crash " + suffix());
            join(bob, roomId);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= 60; i++) {
                    sendReliably(i % 2 == 0 ? alice : bob, roomId, "k-" + i, "message " + i);
                }
            });
            awaitMessage(bob, roomId, 15);
            // A room's posts all go to one instance (docs/architecture.md, "One instance per room"): kill that one.
            victim = parley.system().instance(roomsChatService(parley, scrapeToken, storedBefore));
            victim.kill();
            sending.join();
            for (ProtocolClient client : List.of(alice, bob)) {
                awaitMessage(client, roomId, 60);
                assertThat(seqsReceived(client, roomId)).containsExactlyElementsOf(range(1, 60));
            }
            try (ProtocolClient late = parley.connect(1, parley.accessToken("bob"))) {
                late.send("type", "history.fetch", "ref", "h", "roomId", roomId, "limit", 100);
                JsonNode history = late.reply("h");
                assertThat(history.get("messages").size()).isEqualTo(60);
            }
            // Back again, the instance gets its rooms back: the gateways connect to it afresh.
            victim.start();
            Map<String, Double> storedAfterRestart = storedPosts(parley, scrapeToken);
            String victimName = victim.name();
            for (int r = 0; r < 20 && storedPosts(parley, scrapeToken).get(victimName) <= storedAfterRestart.get(victimName); r++) {
                String another = createRoom(alice, "After the crash " + r + " " + suffix());
                sendReliably(alice, another, "after-" + r, "after the restart");
            }
            assertThat(storedPosts(parley, scrapeToken).get(victimName)).as("posts stored by the restarted %s", victimName)
                .isGreaterThan(storedAfterRestart.get(victimName));
        }
        finally {
            if (victim != null && !victim.isAlive()) {
                victim.start();
            }
        }
    }

    /** The chat-service that stored 10 or more of the room's first 15 posts since {@code before}: the room's own. */
    private static String roomsChatService(RunningSystem parley, String token, Map<String, Double> before)
            throws Exception {
        Map<String, Double> after = storedPosts(parley, token);
        List<String> storing = after.keySet().stream()
                .filter(service -> after.get(service) - before.get(service) >= 10)
                .toList();
        assertThat(storing).as("chat-services that stored the room's first posts (%s → %s)", before, after)
                .hasSize(1);
        return storing.get(0);
    }

    /** Each chat-service's count of stored posts, from its Prometheus scrape. */
    private static Map<String, Double> storedPosts(RunningSystem parley, String token)
            throws IOException, InterruptedException {
        Map<String, Double> stored = new TreeMap<>();
        for (String service : List.of("chat-service-1", "chat-service-2")) {
            HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + parley.system().instance(service).httpPort() + "/actuator/prometheus"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response = HTTP.send(scrape, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            stored.put(service, response.body().lines()
                    .filter(line -> line.startsWith("parley_chat_messages_posted_total{")
                            && line.contains("outcome=\"stored\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum());
        }
        return stored;
    }

    @Test
    void restartingTheKafkaBrokerMidStreamLeavesNoGap() {
        RunningSystem parley = parley();
        try (ProtocolClient alice = parley.connect(0, parley.accessToken("alice"));
                ProtocolClient bob = parley.connect(1, parley.accessToken("bob"))) {
            String roomId = createRoom(alice, "Broker " + suffix());
            join(bob, roomId);
            for (int i = 1; i <= 10; i++) {
                sendReliably(alice, roomId, "before-" + i, "before " + i);
            }
            awaitMessage(bob, roomId, 10);
            CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> parley.system().restartKafka());
            for (int i = 1; i <= 10; i++) {
                sendReliably(i % 2 == 0 ? alice : bob, roomId, "during-" + i, "during " + i);
            }
            restart.join();
            for (int i = 1; i <= 5; i++) {
                sendReliably(bob, roomId, "after-" + i, "after " + i);
            }
            for (ProtocolClient client : List.of(alice, bob)) {
                awaitMessage(client, roomId, 25);
                assertThat(seqsReceived(client, roomId)).containsExactlyElementsOf(range(1, 25));
            }
            String later = createRoom(alice, "After restart " + suffix());
            bob.await(frame -> "room.created".equals(type(frame)) && later.equals(text(frame.get("room"), "id")),
                    Duration.ofSeconds(60));
        }
    }

    @Test
    void aStalledClientIsDroppedWithoutSlowingItsRoomAndRecoversByResume() {
        RunningSystem parley = parley();
        String bobToken = parley.accessToken("bob");
        try (ProtocolClient alice = parley.connect(0, parley.accessToken("alice"));
                ProtocolClient bob = parley.connect(1, bobToken)) {
            String roomId = createRoom(alice, "Stall " + suffix());
            join(bob, roomId);
            sendReliably(alice, roomId, "warm-up", "warm-up");
            awaitMessage(bob, roomId, 1);
            bob.stall();
            // 4,000 four-byte characters: about 16 KB a frame, so a few MB fill the socket buffers quickly.
            String big = "😀".repeat(4000);
            int total = 1 + 600;
            for (int i = 2; i <= total; i++) {
                alice.send("type", "message.send", "ref", "big-" + i, "roomId", roomId, "clientMsgId", "big-" + i,
                        "text", big);
            }
            for (int i = 2; i <= total; i++) {
                assertThat(type(alice.reply("big-" + i))).isEqualTo("message.ack");
            }
            awaitMessage(alice, roomId, total);
            assertThat(seqsReceived(alice, roomId)).as("the room is not slowed by bob")
                    .containsExactlyElementsOf(range(1, total));

            bob.unstall();
            assertThat(bob.awaitClose(DELIVERY)).isEqualTo(4001);
            List<Long> before = seqsReceived(bob, roomId);
            long last = before.get(before.size() - 1);
            assertThat(last).isLessThan(total);
            try (ProtocolClient resumed = parley.connect(0, bobToken)) {
                resumed.send("type", "room.enter", "ref", "resume", "roomId", roomId, "afterSeq", last);
                assertThat(type(resumed.reply("resume"))).isEqualTo("room.entered");
                awaitMessage(resumed, roomId, total);
                List<Long> all = new ArrayList<>(before);
                all.addAll(seqsReceived(resumed, roomId));
                assertThat(all).containsExactlyElementsOf(range(1, total));
            }
        }
    }

    @Test
    void aStoppingGatewayTellsItsClientsToReconnectAndTheyResumeElsewhere() {
        RunningSystem parley = parley();
        ServiceInstance gateway = parley.system().instance("gateway-2");
        String bobToken = parley.accessToken("bob");
        try (ProtocolClient alice = parley.connect(0, parley.accessToken("alice"));
                ProtocolClient bob = parley.connect(1, bobToken)) {
            String roomId = createRoom(alice, "Drain " + suffix());
            join(bob, roomId);
            sendReliably(alice, roomId, "d-1", "one");
            awaitMessage(bob, roomId, 1);
            gateway.stop();
            assertThat(bob.awaitClose(DELIVERY)).isEqualTo(4000);
            sendReliably(alice, roomId, "d-2", "two");
            try (ProtocolClient resumed = parley.connect(0, bobToken)) {
                resumed.send("type", "room.enter", "ref", "resume", "roomId", roomId, "afterSeq", 1);
                resumed.reply("resume");
                assertThat(text(awaitMessage(resumed, roomId, 2), "text")).isEqualTo("two");
                assertThat(seqsReceived(resumed, roomId)).containsExactly(2L);
            }
        }
        finally {
            if (!gateway.isAlive()) {
                gateway.start();
            }
        }
    }

    /** Sends as a client should: on a retryable error or no answer, again with the same clientMsgId. */
    static long sendReliably(ProtocolClient client, String roomId, String clientMsgId, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            String ref = clientMsgId + "#" + suffix();
            client.send("type", "message.send", "ref", ref, "roomId", roomId, "clientMsgId", clientMsgId, "text", text);
            JsonNode reply = client.reply(ref);
            if ("message.ack".equals(type(reply))) {
                return reply.get("seq").asLong();
            }
            assertThat(reply.get("retryable").asBoolean()).as(reply.toString()).isTrue();
            assertThat(System.nanoTime()).as("still failing: " + reply).isLessThan(deadline);
            RunningSystem.pause(Duration.ofMillis(250));
        }
    }

    static String createRoom(ProtocolClient client, String name) {
        String ref = "create-" + suffix();
        client.send("type", "room.create", "ref", ref, "name", name, "password", "correct horse");
        JsonNode joined = client.reply(ref);
        assertThat(type(joined)).as(joined.toString()).isEqualTo("room.joined");
        String roomId = text(joined.get("room"), "id");
        enter(client, roomId);
        return roomId;
    }

    static void join(ProtocolClient client, String roomId) {
        JsonNode announced = client.await(frame -> "room.created".equals(type(frame))
                && roomId.equals(text(frame.get("room"), "id")), DELIVERY);
        String ref = "join-" + suffix();
        client.send("type", "room.join", "ref", ref, "name", text(announced.get("room"), "name"), "password",
                "correct horse");
        assertThat(type(client.reply(ref))).isEqualTo("room.joined");
        enter(client, roomId);
    }

    private static void enter(ProtocolClient client, String roomId) {
        String ref = "enter-" + suffix();
        client.send("type", "room.enter", "ref", ref, "roomId", roomId);
        assertThat(type(client.reply(ref))).isEqualTo("room.entered");
    }

    static JsonNode awaitMessage(ProtocolClient client, String roomId, long seq) {
        return client.await(frame -> "message".equals(type(frame)) && roomId.equals(text(frame, "roomId"))
                && frame.get("seq").asLong() == seq, DELIVERY);
    }

    static List<Long> seqsReceived(ProtocolClient client, String roomId) {
        return client.received().stream()
                .filter(frame -> "message".equals(type(frame)) && roomId.equals(text(frame, "roomId")))
                .map(frame -> frame.get("seq").asLong())
                .toList();
    }

    static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, String> sharedTopicLayout() {
        return Map.of("PARLEY_CHAT_TOPIC_LAYOUT", "shared");
    }
}
