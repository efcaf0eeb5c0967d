package dev.parley.system;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.launcher.ServiceInstance;
import dev.parley.testsupport.ProtocolClient;
import tools.jackson.databind.JsonNode;

import static dev.parley.testsupport.ProtocolClient.text;
import static dev.parley.testsupport.ProtocolClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the original app does, end to end through gateway, room-service and chat-service on real servers, driven
 * exactly as a client written from docs/protocol.md would drive it.
 */
class ChatFlowIT {

    private static RunningSystem system;

    private static String aliceToken;

    private static String bobToken;

    private static String carolToken;

    @BeforeAll
    static void signIn() {
        system = RunningSystem.get();
        aliceToken = system.accessToken("alice");
        bobToken = system.accessToken("bob");
        carolToken = system.accessToken("carol");
    }

    @Test
    void twoUsersCreateJoinChatLeaveAndReEnterWithHistory() {
        String roomName = "General " + suffix();
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0));
                ProtocolClient bob = ProtocolClient.connect(system.webSocket(0))) {
            JsonNode aliceReady = alice.signIn(aliceToken);
            assertThat(type(aliceReady)).isEqualTo("ready");
            assertThat(text(aliceReady.get("user"), "id")).isEqualTo("alice");
            assertThat(text(aliceReady.get("user"), "displayName")).isEqualTo("Alice Liddell");
            assertThat(type(bob.signIn(bobToken))).isEqualTo("ready");
            assertThat(type(alice.awaitType("rooms"))).isEqualTo("rooms");
            bob.awaitType("rooms");

            alice.send("type", "room.create", "ref", "c1", "name", roomName, "password", "correct horse");
            JsonNode created = alice.reply("c1");
            assertThat(type(created)).isEqualTo("room.joined");
            String roomId = text(created.get("room"), "id");
            assertThat(created.get("room").toString()).doesNotContain("password").doesNotContain("$2");

            JsonNode announced = bob.await(frame -> "room.created".equals(type(frame))
                    && roomId.equals(text(frame.get("room"), "id")), Duration.ofSeconds(15));
            assertThat(text(announced.get("room"), "name")).isEqualTo(roomName);

            bob.send("type", "room.join", "ref", "j1", "name", roomName, "password", "wrong horse");
            JsonNode wrongPassword = bob.reply("j1");
            bob.send("type", "room.join", "ref", "j2", "name", "No such room " + suffix(), "password", "correct horse");
            JsonNode wrongName = bob.reply("j2");
            assertThat(text(wrongPassword, "code")).isEqualTo("ROOM_ACCESS_DENIED");
            assertThat(text(wrongName, "code")).isEqualTo("ROOM_ACCESS_DENIED");
            assertThat(text(wrongName, "message")).isEqualTo(text(wrongPassword, "message"));

            bob.send("type", "room.join", "ref", "j3", "name", roomName.toUpperCase(), "password", "correct horse");
            assertThat(type(bob.reply("j3"))).isEqualTo("room.joined");

            alice.send("type", "room.enter", "ref", "e1", "roomId", roomId);
            bob.send("type", "room.enter", "ref", "e2", "roomId", roomId);
            assertThat(alice.reply("e1").get("messages").size()).isZero();
            assertThat(type(bob.reply("e2"))).isEqualTo("room.entered");

            alice.send("type", "message.send", "ref", "s1", "roomId", roomId, "clientMsgId", "a-1", "text", "hello bob");
            JsonNode ack = alice.reply("s1");
            assertThat(type(ack)).isEqualTo("message.ack");
            assertThat(ack.get("seq").asLong()).isEqualTo(1);
            bob.send("type", "message.send", "ref", "s2", "roomId", roomId, "clientMsgId", "b-1", "text", "hi alice 👋");
            assertThat(bob.reply("s2").get("seq").asLong()).isEqualTo(2);

            for (ProtocolClient client : List.of(alice, bob)) {
                JsonNode first = awaitMessage(client, roomId, 1);
                JsonNode second = awaitMessage(client, roomId, 2);
                assertThat(text(first, "text")).isEqualTo("hello bob");
                assertThat(text(first, "senderId")).isEqualTo("alice");
                assertThat(text(second, "text")).isEqualTo("hi alice 👋");
                assertThat(text(second, "senderName")).isEqualTo("Bob Builder");
            }

            bob.send("type", "room.leave", "ref", "l1", "roomId", roomId);
            assertThat(type(bob.reply("l1"))).isEqualTo("room.left");
            alice.send("type", "message.send", "ref", "s3", "roomId", roomId, "clientMsgId", "a-2", "text", "still there?");
            assertThat(alice.reply("s3").get("seq").asLong()).isEqualTo(3);
            awaitMessage(alice, roomId, 3);

            bob.send("type", "room.enter", "ref", "e3", "roomId", roomId);
            JsonNode history = bob.reply("e3");
            assertThat(seqs(history.get("messages"))).containsExactly(1L, 2L, 3L);
            assertThat(text(history.get("messages").get(2), "text")).isEqualTo("still there?");
            assertThat(messagesOf(bob, roomId)).as("no live copy of a message sent while bob was out")
                    .containsExactly(1L, 2L);
        }
    }

    @Test
    void aReconnectingClientResumesAfterItsLastSeqWithoutGapOrDuplicate() {
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0))) {
            alice.signIn(aliceToken);
            String roomId = createRoom(alice, "Resume " + suffix());
            for (int i = 1; i <= 5; i++) {
                alice.send("type", "message.send", "ref", "s" + i, "roomId", roomId, "clientMsgId", "r-" + i, "text",
                        "message " + i);
                assertThat(alice.reply("s" + i).get("seq").asLong()).isEqualTo(i);
            }
            try (ProtocolClient again = ProtocolClient.connect(system.webSocket(0))) {
                again.signIn(aliceToken);
                again.send("type", "room.enter", "ref", "e", "roomId", roomId, "afterSeq", 2);
                assertThat(again.reply("e").get("messages").size()).isZero();
                for (long seq = 3; seq <= 5; seq++) {
                    awaitMessage(again, roomId, seq);
                }
                alice.send("type", "message.send", "ref", "s6", "roomId", roomId, "clientMsgId", "r-6", "text", "live");
                awaitMessage(again, roomId, 6);
                assertThat(messagesOf(again, roomId)).containsExactly(3L, 4L, 5L, 6L);
            }
        }
    }

    @Test
    void aRetriedSendWithTheSameClientMsgIdIsStoredOnce() {
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0))) {
            alice.signIn(aliceToken);
            String roomId = createRoom(alice, "Retry " + suffix());
            alice.send("type", "message.send", "ref", "s1", "roomId", roomId, "clientMsgId", "same", "text", "once");
            alice.send("type", "message.send", "ref", "s2", "roomId", roomId, "clientMsgId", "same", "text", "once");
            JsonNode first = alice.reply("s1");
            JsonNode second = alice.reply("s2");
            assertThat(text(second, "id")).isEqualTo(text(first, "id"));
            assertThat(second.get("seq").asLong()).isEqualTo(first.get("seq").asLong());
            alice.send("type", "history.fetch", "ref", "h", "roomId", roomId);
            assertThat(seqs(alice.reply("h").get("messages"))).containsExactly(1L);
        }
    }

    @Test
    void olderHistoryComesInKeysetPages() {
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0))) {
            alice.signIn(aliceToken);
            String roomId = createRoom(alice, "Pages " + suffix());
            for (int i = 1; i <= 7; i++) {
                alice.send("type", "message.send", "ref", "s" + i, "roomId", roomId, "clientMsgId", "p-" + i, "text",
                        "page " + i);
                alice.reply("s" + i);
            }
            alice.send("type", "history.fetch", "ref", "h1", "roomId", roomId, "limit", 3);
            JsonNode latest = alice.reply("h1");
            assertThat(seqs(latest.get("messages"))).containsExactly(5L, 6L, 7L);
            assertThat(latest.get("hasMore").asBoolean()).isTrue();
            alice.send("type", "history.fetch", "ref", "h2", "roomId", roomId, "beforeSeq", 5, "limit", 3);
            assertThat(seqs(alice.reply("h2").get("messages"))).containsExactly(2L, 3L, 4L);
            alice.send("type", "history.fetch", "ref", "h3", "roomId", roomId, "beforeSeq", 2, "limit", 3);
            JsonNode oldest = alice.reply("h3");
            assertThat(seqs(oldest.get("messages"))).containsExactly(1L);
            assertThat(oldest.get("hasMore").asBoolean()).isFalse();
        }
    }

    @Test
    void theRoomListComesInPagesByNameAndCanBeSearched() {
        String tag = "Listed " + suffix();
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0))) {
            alice.signIn(aliceToken);
            JsonNode signedIn = alice.awaitType("rooms");
            assertThat(signedIn.get("rooms").size()).isLessThanOrEqualTo(50);
            assertThat(signedIn.has("next")).as("the first page says whether more follow").isTrue();
            for (String name : List.of(tag + " c", tag + " A", tag + " b")) {
                createRoom(alice, name);
            }

            alice.send("type", "rooms.list", "ref", "p1", "search", tag.toLowerCase(), "limit", 2);
            JsonNode first = alice.reply("p1");
            assertThat(names(first)).containsExactly(tag + " A", tag + " b");
            assertThat(text(first, "next")).isEqualTo(tag + " b");
            alice.send("type", "rooms.list", "ref", "p2", "search", tag, "after", text(first, "next"), "limit", 2);
            JsonNode last = alice.reply("p2");
            assertThat(names(last)).containsExactly(tag + " c");
            assertThat(text(last, "next")).isNull();
        }
    }

    private static List<String> names(JsonNode roomsFrame) {
        return StreamSupport.stream(roomsFrame.get("rooms").spliterator(), false).map(room -> text(room, "name"))
                .toList();
    }

    @Test
    void aNonMemberCanNeitherReadNorSendNorReceive() {
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0));
                ProtocolClient carol = ProtocolClient.connect(system.webSocket(0))) {
            alice.signIn(aliceToken);
            carol.signIn(carolToken);
            String roomId = createRoom(alice, "Private " + suffix());
            carol.send("type", "room.enter", "ref", "e", "roomId", roomId);
            assertThat(text(carol.reply("e"), "code")).isEqualTo("NOT_A_MEMBER");
            carol.send("type", "room.enter", "ref", "r", "roomId", roomId, "afterSeq", 0);
            assertThat(text(carol.reply("r"), "code")).isEqualTo("NOT_A_MEMBER");
            carol.send("type", "history.fetch", "ref", "h", "roomId", roomId);
            assertThat(text(carol.reply("h"), "code")).isEqualTo("NOT_A_MEMBER");
            carol.send("type", "message.send", "ref", "s", "roomId", roomId, "clientMsgId", "c-1", "text", "let me in");
            assertThat(text(carol.reply("s"), "code")).isEqualTo("NOT_A_MEMBER");
            carol.send("type", "room.enter", "ref", "x", "roomId", UUID.randomUUID().toString());
            assertThat(text(carol.reply("x"), "code")).as("an unknown room looks like a foreign one")
                    .isEqualTo("NOT_A_MEMBER");

            alice.send("type", "message.send", "ref", "s1", "roomId", roomId, "clientMsgId", "a-1", "text", "secret");
            alice.reply("s1");
            alice.send("type", "history.fetch", "ref", "h", "roomId", roomId);
            assertThat(seqs(alice.reply("h").get("messages"))).containsExactly(1L);
            assertThat(carol.received()).noneMatch(frame -> frame.toString().contains("secret"));
        }
    }

    @Test
    void theOwnerChangesThePasswordAndRemovesAMemberOthersMayNot() {
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0));
                ProtocolClient bob = ProtocolClient.connect(system.webSocket(1))) {
            alice.signIn(aliceToken);
            bob.signIn(bobToken);
            String name = "Owned " + suffix();
            String roomId = createRoom(alice, name);
            bob.send("type", "room.join", "ref", "j", "name", name, "password", "correct horse");
            assertThat(type(bob.reply("j"))).isEqualTo("room.joined");

            bob.send("type", "room.password.change", "ref", "b", "roomId", roomId, "newPassword", "bob's own pass");
            assertThat(text(bob.reply("b"), "code")).isEqualTo("FORBIDDEN");
            bob.send("type", "room.member.remove", "ref", "r", "roomId", roomId, "userId", "alice");
            assertThat(text(bob.reply("r"), "code")).isEqualTo("FORBIDDEN");

            alice.send("type", "room.password.change", "ref", "c", "roomId", roomId, "newPassword", "battery staple");
            assertThat(type(alice.reply("c"))).isEqualTo("room.password.changed");
            alice.send("type", "room.member.remove", "ref", "m", "roomId", roomId, "userId", "bob");
            assertThat(type(alice.reply("m"))).isEqualTo("room.member.removed");

            bob.send("type", "room.join", "ref", "old", "name", name, "password", "correct horse");
            assertThat(text(bob.reply("old"), "code")).isEqualTo("ROOM_ACCESS_DENIED");
            bob.send("type", "room.join", "ref", "new", "name", name, "password", "battery staple");
            assertThat(type(bob.reply("new"))).isEqualTo("room.joined");
        }
    }

    @Test
    void aRemovedMembersOpenRoomStreamsEndAtOnceOnEveryGatewayAndTheirSendsAreRefused() {
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0));
                ProtocolClient bobHere = ProtocolClient.connect(system.webSocket(0));
                ProtocolClient bobThere = ProtocolClient.connect(system.webSocket(1))) {
            alice.signIn(aliceToken);
            bobHere.signIn(bobToken);
            bobThere.signIn(bobToken);
            String name = "Removal " + suffix();
            String roomId = createRoom(alice, name);
            bobHere.send("type", "room.join", "ref", "j", "name", name, "password", "correct horse");
            assertThat(type(bobHere.reply("j"))).isEqualTo("room.joined");
            for (ProtocolClient bob : List.of(bobHere, bobThere)) {
                bob.send("type", "room.enter", "ref", "in", "roomId", roomId);
                assertThat(type(bob.reply("in"))).isEqualTo("room.entered");
            }
            // Sends from both gateways, so chat-service has checked (and cached) bob's membership before he goes.
            for (ProtocolClient bob : List.of(bobHere, bobThere)) {
                bob.send("type", "message.send", "ref", "before", "roomId", roomId, "clientMsgId", "b-" + suffix(),
                        "text", "before");
                assertThat(type(bob.reply("before"))).isEqualTo("message.ack");
            }
            awaitMessage(bobHere, roomId, 2);
            awaitMessage(bobThere, roomId, 2);

            alice.send("type", "room.member.remove", "ref", "m", "roomId", roomId, "userId", "bob");
            assertThat(type(alice.reply("m"))).isEqualTo("room.member.removed");

            for (ProtocolClient bob : List.of(bobHere, bobThere)) {
                JsonNode ended = bob.await(frame -> "error".equals(type(frame)) && "in".equals(text(frame, "ref")),
                        Duration.ofSeconds(10));
                assertThat(text(ended, "code")).isEqualTo("NOT_A_MEMBER");
                bob.send("type", "message.send", "ref", "after", "roomId", roomId, "clientMsgId", "a-" + suffix(),
                        "text", "sent after removal");
                assertThat(text(bob.reply("after"), "code")).as("refused at once, not after the membership cache "
                        + "expires").isEqualTo("NOT_A_MEMBER");
            }
            alice.send("type", "message.send", "ref", "s", "roomId", roomId, "clientMsgId", "a-" + suffix(), "text",
                    "for members only");
            assertThat(type(alice.reply("s"))).isEqualTo("message.ack");
            awaitMessage(alice, roomId, 3);
            // A member on the other gateway would have had it by now; a removed member must never get it.
            RunningSystem.pause(Duration.ofMillis(500));
            for (ProtocolClient bob : List.of(bobHere, bobThere)) {
                assertThat(messagesOf(bob, roomId)).containsExactly(1L, 2L);
            }
        }
    }

    @Test
    void repeatedWrongPasswordsForARoomAreRateLimitedWithARetryAfter() {
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0));
                ProtocolClient carol = ProtocolClient.connect(system.webSocket(1))) {
            alice.signIn(aliceToken);
            carol.signIn(carolToken);
            String name = "Guarded " + suffix();
            createRoom(alice, name);
            for (int i = 0; i < 5; i++) {
                carol.send("type", "room.join", "ref", "w" + i, "name", name, "password", "guess number " + i);
                assertThat(text(carol.reply("w" + i), "code")).isEqualTo("ROOM_ACCESS_DENIED");
            }
            carol.send("type", "room.join", "ref", "right", "name", name, "password", "correct horse");
            JsonNode limited = carol.reply("right");
            assertThat(text(limited, "code")).as("even the right password, once limited").isEqualTo("RATE_LIMITED");
            assertThat(text(limited, "message")).containsPattern("try again in \\d+ s");
            assertThat(limited.get("retryable").asBoolean()).isTrue();
        }
    }

    @Test
    void badRoomInputGetsItsDocumentedError() {
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0))) {
            alice.signIn(aliceToken);
            alice.send("type", "room.create", "ref", "n", "name", "   ", "password", "correct horse");
            assertThat(text(alice.reply("n"), "code")).isEqualTo("INVALID_ROOM_NAME");
            alice.send("type", "room.create", "ref", "p", "name", "Short " + suffix(), "password", "short");
            assertThat(text(alice.reply("p"), "code")).isEqualTo("INVALID_PASSWORD");
            String name = "Taken " + suffix();
            createRoom(alice, name);
            alice.send("type", "room.create", "ref", "t", "name", name.toLowerCase(), "password", "correct horse");
            assertThat(text(alice.reply("t"), "code")).isEqualTo("ROOM_NAME_TAKEN");
            String roomId = createRoom(alice, "Messages " + suffix());
            alice.send("type", "message.send", "ref", "m", "roomId", roomId, "clientMsgId", "w", "text", " \n ");
            assertThat(text(alice.reply("m"), "code")).isEqualTo("INVALID_MESSAGE");
            alice.send("type", "message.send", "ref", "l", "roomId", roomId, "clientMsgId", "l", "text",
                    "x".repeat(4001));
            assertThat(text(alice.reply("l"), "code")).isEqualTo("INVALID_MESSAGE");
            alice.send("type", "history.fetch", "ref", "h", "roomId", roomId);
            assertThat(alice.reply("h").get("messages").size()).as("nothing half-written").isZero();
        }
    }

    @Test
    void connectionsWithoutAValidTokenAreRefused() {
        try (ProtocolClient anonymous = ProtocolClient.connect(system.webSocket(0))) {
            anonymous.send("type", "rooms.list", "ref", "l");
            assertThat(text(anonymous.reply("l"), "code")).isEqualTo("UNAUTHENTICATED");
        }
        String[] parts = aliceToken.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\"alice\"", "\"bob\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String forged = parts[0] + "." + forgedPayload + "." + parts[2];
        try (ProtocolClient forger = ProtocolClient.connect(system.webSocket(0))) {
            assertThat(text(forger.signIn(forged), "code")).isEqualTo("TOKEN_INVALID");
            assertThat(forger.awaitClose(Duration.ofSeconds(10))).isEqualTo(4501);
        }
    }

    @Test
    void anExpiredTokenIsRefused() throws InterruptedException {
        String shortLived = system.shortLivedAccessToken("alice");
        // The dev issuer's test client issues 3-second tokens; the system runs with a 1-second clock skew.
        Thread.sleep(5_000);
        try (ProtocolClient late = ProtocolClient.connect(system.webSocket(0))) {
            assertThat(text(late.signIn(shortLived), "code")).isEqualTo("TOKEN_INVALID");
            assertThat(late.awaitClose(Duration.ofSeconds(10))).isEqualTo(4501);
        }
    }

    private static String createRoom(ProtocolClient client, String name) {
        String ref = "create-" + suffix();
        client.send("type", "room.create", "ref", ref, "name", name, "password", "correct horse");
        JsonNode joined = client.reply(ref);
        assertThat(type(joined)).as(joined.toString()).isEqualTo("room.joined");
        String roomId = text(joined.get("room"), "id");
        String enter = "enter-" + suffix();
        client.send("type", "room.enter", "ref", enter, "roomId", roomId);
        assertThat(type(client.reply(enter))).isEqualTo("room.entered");
        return roomId;
    }

    @Test
    void roomsStayLiveAndUsableAcrossARoomServiceRestart() {
        ServiceInstance roomService = system.system().instance("room-service-1");
        try (ProtocolClient alice = ProtocolClient.connect(system.webSocket(0));
                ProtocolClient bob = ProtocolClient.connect(system.webSocket(1))) {
            assertThat(type(alice.signIn(aliceToken))).isEqualTo("ready");
            assertThat(type(bob.signIn(bobToken))).isEqualTo("ready");
            alice.awaitType("rooms");
            bob.awaitType("rooms");

            roomService.kill();
            roomService.start();

            // Each gateway follows room creations once for all its connections; when that feed resumes it sends the
            // first page of the list again, since rooms may have been created while it was down.
            bob.await(frame -> "rooms".equals(type(frame)), Duration.ofSeconds(60));
            // A name per attempt: a create that timed out may still have happened.
            String roomName = null;
            String roomId = null;
            for (int attempt = 1; roomId == null; attempt++) {
                roomName = "After a restart " + suffix();
                alice.send("type", "room.create", "ref", "r" + attempt, "name", roomName, "password", "correct horse");
                JsonNode reply = alice.reply("r" + attempt);
                if ("room.joined".equals(type(reply))) {
                    roomId = text(reply.get("room"), "id");
                }
                else {
                    assertThat(reply.get("retryable").asBoolean()).as(reply.toString()).isTrue();
                    assertThat(attempt).as("attempts to create a room after the restart").isLessThan(20);
                    pause(Duration.ofMillis(500));
                }
            }
            String created = roomId;
            JsonNode announced = bob.await(frame -> "room.created".equals(type(frame))
                    && created.equals(text(frame.get("room"), "id")), Duration.ofSeconds(15));
            assertThat(text(announced.get("room"), "name")).isEqualTo(roomName);
            // chat-service checks membership with room-service too, over its own connection, which must come back.
            for (int attempt = 1;; attempt++) {
                alice.send("type", "room.enter", "ref", "e" + attempt, "roomId", created);
                JsonNode reply = alice.reply("e" + attempt);
                if ("room.entered".equals(type(reply))) {
                    break;
                }
                assertThat(reply.get("retryable").asBoolean()).as(reply.toString()).isTrue();
                assertThat(attempt).as("attempts to enter the room after the restart").isLessThan(20);
                pause(Duration.ofMillis(500));
            }
        }
        finally {
            if (!roomService.isAlive()) {
                roomService.start();
            }
        }
    }

    private static JsonNode awaitMessage(ProtocolClient client, String roomId, long seq) {
        return client.await(frame -> "message".equals(type(frame)) && roomId.equals(text(frame, "roomId"))
                && frame.get("seq").asLong() == seq, Duration.ofSeconds(15));
    }

    private static List<Long> messagesOf(ProtocolClient client, String roomId) {
        return client.received().stream()
                .filter(frame -> "message".equals(type(frame)) && roomId.equals(text(frame, "roomId")))
                .map(frame -> frame.get("seq").asLong())
                .toList();
    }

    private static List<Long> seqs(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false).map(m -> m.get("seq").asLong()).toList();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
