package dev.parley.chat.message;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import dev.parley.chat.ChatServiceTestEnvironment;
import dev.parley.model.ChatMessage;
import dev.parley.model.MessageAck;
import dev.parley.model.PostMessage;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Group commit against the real PostgreSQL: many concurrent posts, retries inside and across groups, and fallback. */
class CommitGroupsIT extends ChatServiceTestEnvironment {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final Sender ALICE = new Sender("alice-id", "Alice");

    private static final Sender BOB = new Sender("bob-id", "Bob");

    private static final Sender CAROL = new Sender("carol-id", "Carol");

    @Autowired
    RoomMessages messages;

    @Autowired
    CommitGroups commits;

    @Autowired
    CommitProperties commitProperties;

    @Autowired
    DatabaseClient db;

    @Value("${spring.flyway.url}")
    String jdbcUrl;

    @Value("${spring.flyway.user}")
    String jdbcUser;

    @Value("${spring.flyway.password:}")
    String jdbcPassword;

    @Test
    void postWhenFiveHundredPostsRaceInAFewRoomsWithRetriesThenEachRoomIsOneToNAndEachClientMsgIdIsStoredOnce() {
        List<UUID> rooms = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<Sender> senders = List.of(ALICE, BOB, CAROL);
        Random random = new Random(42);
        List<Post> unique = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            unique.add(new Post(rooms.get(i % rooms.size()), senders.get(i % senders.size()), "u" + i));
        }
        List<Post> posts = new ArrayList<>(unique);
        for (int i = 0; i < 100; i++) {
            posts.add(unique.get(random.nextInt(unique.size())));
        }
        Collections.shuffle(posts, random);

        List<Answer> answers = Flux.fromIterable(posts)
                .flatMap(post -> messages.post(post.room(), post.sender(), post.command())
                        .map(ack -> new Answer(post, ack)), posts.size())
                .collectList()
                .block(TIMEOUT);

        assertThat(answers).hasSize(500);
        List<ChatMessage> stored = db.sql("SELECT id, room_id, seq, sender_id, sender_name, body, sent_at,"
                        + " client_msg_id FROM message WHERE room_id IN (:rooms) ORDER BY room_id, seq")
                .bind("rooms", rooms)
                .map(row -> new ChatMessage(row.get("id", UUID.class), row.get("room_id", UUID.class),
                        row.get("seq", Long.class), row.get("sender_id", String.class),
                        row.get("sender_name", String.class), row.get("body", String.class),
                        row.get("sent_at", Instant.class), row.get("client_msg_id", String.class)))
                .all().collectList().block(TIMEOUT);
        assertThat(stored).hasSize(unique.size());
        for (UUID room : rooms) {
            assertThat(stored).filteredOn(message -> message.roomId().equals(room)).extracting(ChatMessage::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
            assertThat(lastSeq(room)).isEqualTo(100);
        }
        Map<Post, ChatMessage> byPost = stored.stream().collect(Collectors.toMap(
                message -> new Post(message.roomId(), senders.stream()
                        .filter(sender -> sender.id().equals(message.senderId())).findFirst().orElseThrow(),
                        message.clientMsgId()), Function.identity()));
        assertThat(byPost).containsOnlyKeys(unique);
        for (Answer answer : answers) {
            ChatMessage message = byPost.get(answer.post());
            assertThat(answer.ack().id()).isEqualTo(message.id());
            assertThat(answer.ack().seq()).isEqualTo(message.seq());
            assertThat(answer.ack().clientMsgId()).isEqualTo(answer.post().clientMsgId());
            assertThat(message.text()).isEqualTo(answer.post().command().text());
        }
        // NOTE: a group stamps its messages with one sentAt; shared stamps show the posts were grouped at all.
        assertThat(stored.stream().collect(Collectors.groupingBy(ChatMessage::sentAt, Collectors.counting())))
                .satisfies(counts -> assertThat(counts.values()).anyMatch(count -> count > 1));
    }

    @Test
    void storeWhenAnotherInstanceStoresTheSameClientMsgIdWhileTheGroupWaitsThenEachPostIsStoredOnItsOwn()
            throws Exception {
        UUID blocker = UUID.randomUUID();
        UUID room = sameLaneAs(blocker);
        ChatMessage elsewhere = new ChatMessage(UUID.randomUUID(), room, 1, ALICE.id(), ALICE.name(), "from elsewhere",
                Instant.now().truncatedTo(ChronoUnit.MICROS), "dup");
        try (Connection holdsBlocker = connect(); Connection otherInstance = connect();
                Connection observer = connect()) {
            execute(holdsBlocker, "INSERT INTO room_sequence (room_id, last_seq) VALUES ('" + blocker + "', 1)");
            execute(otherInstance, "INSERT INTO room_sequence (room_id, last_seq) VALUES ('" + room + "', 1)");
            insert(otherInstance, elsewhere);

            // NOTE: the lane is busy with the blocker's post, so the three posts of the room queue up as one group.
            CompletableFuture<ChatMessage> first = commits.store(blocker, BOB, new PostMessage("b1", "first"))
                    .toFuture();
            CompletableFuture<ChatMessage> before = commits.store(room, BOB, new PostMessage("x1", "before"))
                    .toFuture();
            CompletableFuture<ChatMessage> duplicate = commits.store(room, ALICE, new PostMessage("dup", "retry"))
                    .toFuture();
            CompletableFuture<ChatMessage> after = commits.store(room, BOB, new PostMessage("x2", "after")).toFuture();
            holdsBlocker.commit();
            assertThat(first.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).seq()).isEqualTo(2);
            // The group has looked its keys up (the other instance's row is not yet visible) and now waits for the
            // room's sequence row; the other instance commits, and the group's insert violates the unique key.
            await().atMost(TIMEOUT).until(() -> waitingOnALock(observer));
            otherInstance.commit();

            StepVerifier.create(Mono.fromFuture(duplicate))
                    .expectNext(elsewhere)
                    .verifyComplete();
            assertThat(before.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).seq()).isEqualTo(2);
            assertThat(after.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).seq()).isEqualTo(3);
        }
        assertThat(lastSeq(room)).isEqualTo(3);
        assertThat(db.sql("SELECT client_msg_id FROM message WHERE room_id = :room ORDER BY seq").bind("room", room)
                .map(row -> row.get(0, String.class)).all().collectList().block(TIMEOUT))
                .containsExactly("dup", "x1", "x2");
    }

    /**
     * Four instances (one lane each, so a group holds several rooms) post to the same rooms at once, each in its own
     * room order: every group commits whole and each room's seqs are 1..N. A group that clashed on a seq, or a
     * deadlock (rooms are locked in one order, so none is expected), would show as a group stored post by post.
     */
    @Test
    void storeWhenFourInstancesPostToTheSameRoomsAtOnceThenEveryGroupCommitsWholeAndSeqsAreGapless(
            @Autowired MessageRepository repository) {
        ch.qos.logback.classic.Logger laneLog = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(CommitLane.class);
        ListAppender<ILoggingEvent> fallbacks = new ListAppender<>();
        fallbacks.start();
        laneLog.addAppender(fallbacks);
        try {
            List<UUID> rooms = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                rooms.add(UUID.randomUUID());
            }
            CommitProperties oneLane = new CommitProperties(1, 64, 4096);
            List<Flux<ChatMessage>> instances = new ArrayList<>();
            List<Sender> senders = List.of(ALICE, BOB, CAROL, new Sender("dave-id", "Dave"));
            for (Sender sender : senders) {
                List<UUID> order = new ArrayList<>(rooms);
                Collections.shuffle(order, new Random(sender.id().hashCode()));
                instances.add(posts(new CommitGroups(repository, oneLane), order, sender));
            }

            Flux.merge(instances).blockLast(TIMEOUT);

            for (UUID room : rooms) {
                assertThat(lastSeq(room)).isEqualTo(200);
                assertThat(db.sql("SELECT seq FROM message WHERE room_id = :room ORDER BY seq").bind("room", room)
                        .map(row -> row.get(0, Long.class)).all().collectList().block(TIMEOUT))
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
            }
            assertThat(fallbacks.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(message -> message.contains("storing each on its own"));
        }
        finally {
            laneLog.detachAppender(fallbacks);
        }
    }

    private static Flux<ChatMessage> posts(CommitGroups instance, List<UUID> rooms, Sender sender) {
        return Flux.range(0, 300).flatMap(i -> instance.store(rooms.get(i % rooms.size()), sender,
                new PostMessage(sender.id() + "-" + i, "text " + i)), 300);
    }

    private UUID sameLaneAs(UUID room) {
        int lane = CommitGroups.laneOf(room, commitProperties.lanes());
        UUID other;
        do {
            other = UUID.randomUUID();
        }
        while (CommitGroups.laneOf(other, commitProperties.lanes()) != lane);
        return other;
    }

    private Long lastSeq(UUID room) {
        return db.sql("SELECT last_seq FROM room_sequence WHERE room_id = :room").bind("room", room)
                .map(row -> row.get(0, Long.class)).one().block(TIMEOUT);
    }

    private Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
        connection.setAutoCommit(false);
        return connection;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    private static void insert(Connection connection, ChatMessage message) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO message (id, room_id, seq,"
                + " sender_id, sender_name, body, sent_at, client_msg_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setObject(1, message.id());
            statement.setObject(2, message.roomId());
            statement.setLong(3, message.seq());
            statement.setString(4, message.senderId());
            statement.setString(5, message.senderName());
            statement.setString(6, message.text());
            statement.setObject(7, OffsetDateTime.ofInstant(message.sentAt(), ZoneOffset.UTC));
            statement.setString(8, message.clientMsgId());
            statement.executeUpdate();
        }
    }

    private static boolean waitingOnALock(Connection observer) throws SQLException {
        try (PreparedStatement statement = observer.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND wait_event_type = 'Lock'");
                ResultSet result = statement.executeQuery()) {
            result.next();
            boolean waiting = result.getLong(1) > 0;
            observer.rollback();
            return waiting;
        }
    }

    private record Post(UUID room, Sender sender, String clientMsgId) {

        PostMessage command() {
            return new PostMessage(clientMsgId, "hello from " + clientMsgId);
        }
    }

    private record Answer(Post post, MessageAck ack) {
    }
}
