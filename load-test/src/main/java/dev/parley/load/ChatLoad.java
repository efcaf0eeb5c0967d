package dev.parley.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import dev.parley.load.client.Frame;
import dev.parley.load.client.LoadConnection;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * R rooms × M member connections with S of them sending: sets the rooms up through the protocol, sends open-loop
 * (on a schedule, never waiting for acknowledgements, at most {@code --max-in-flight} unacknowledged), measures,
 * and checks at the end that every message was persisted once and reached every member once, in order.
 */
final class ChatLoad implements AutoCloseable {

    static final String ROOM_PASSWORD = "load-room-password";

    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    /** Outgoing frames a connection may queue; a sender at thousands a second needs room for a short stall. */
    static final int OUTBOUND_QUEUE = 4096;

    private static final int SIGN_IN_ATTEMPTS = 3;

    private static final int HISTORY_PAGE = 100;

    private static final int MAX_PROBLEMS_LISTED = 20;

    final Measurements measurements;

    private final LoadOptions options;

    private final SignIns signIns;

    private final List<Room> rooms = new ArrayList<>();

    private final List<Member> members = new ArrayList<>();

    private final List<Member> senders = new ArrayList<>();

    private final Histogram allDeliveries = new Histogram(3);

    private final Histogram allAcks = new Histogram(3);

    /** Counts at the end of the warm-up, which the totals leave out. */
    private long warmUpSent;

    private long warmUpAcked;

    private long warmUpDelivered;

    private volatile boolean closing;

    private ChatLoad(LoadOptions options, SignIns signIns, Measurements measurements) {
        this.options = options;
        this.signIns = signIns;
        this.measurements = measurements;
    }

    /** Opens and signs in every member connection, creates and joins the rooms, and enters them. */
    static ChatLoad start(LoadOptions options, SignIns signIns, Measurements measurements, Progress progress) {
        ChatLoad load = new ChatLoad(options, signIns, measurements);
        try {
            load.setUp(progress);
        }
        catch (RuntimeException ex) {
            load.close();
            throw ex;
        }
        return load;
    }

    private void setUp(Progress progress) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int r = 0; r < this.options.rooms(); r++) {
            Room room = new Room(r, "load-" + run + "-" + r);
            this.rooms.add(room);
            for (int j = 0; j < this.options.members(); j++) {
                int index = r * this.options.members() + j;
                Member member = new Member(index, room, this.signIns.user(index), this.measurements);
                room.members.add(member);
                this.members.add(member);
            }
        }
        progress.say("opening %d connections over %d gateway(s)", this.members.size(), this.options.gateways().size());
        Bounded.runAll("sign-in on the WebSocket", this.members.size(), this.options.openConcurrency(),
                (i) -> connect(this.members.get(i)));
        progress.say("creating %d rooms", this.rooms.size());
        Bounded.runAll("room.create", this.rooms.size(), this.options.openConcurrency(), (r) -> {
            Room room = this.rooms.get(r);
            return request(room.members.get(0).connection(), "room.joined", "room.create", "name", room.name,
                    "password", ROOM_PASSWORD)
                .thenAccept((joined) -> room.created(joined.tree().path("room").path("id").asString()));
        });
        List<Member> joining = firstMemberOfEachOtherUser();
        progress.say("joining: %d (user, room) pairs", joining.size());
        Bounded.runAll("room.join", joining.size(), this.options.joinConcurrency(),
                (i) -> request(joining.get(i).connection(), "room.joined", "room.join", "name",
                        joining.get(i).room.name, "password", ROOM_PASSWORD));
        progress.say("entering rooms");
        Bounded.runAll("room.enter", this.members.size(), this.options.openConcurrency(),
                (i) -> request(this.members.get(i).connection(), "room.entered", "room.enter", "roomId",
                        this.members.get(i).room.id()));
        for (int s = 0; s < this.options.senders(); s++) {
            Room room = this.rooms.get(s % this.rooms.size());
            this.senders.add(room.members.get((s / this.rooms.size()) % room.members.size()));
        }
    }

    private CompletableFuture<LoadConnection> connect(Member member) {
        URI gateway = this.options.gateways().get(member.index % this.options.gateways().size());
        return open(gateway, this.signIns.token(member.user), OUTBOUND_QUEUE, member::onFrame, this.measurements, 1)
            .thenApply((connection) -> {
                member.connected(connection);
                connection.closed().thenAccept(this::closedUnexpectedly);
                return connection;
            });
    }

    /** Opens and signs in a connection, trying again (up to three attempts in all) if that fails. */
    static CompletableFuture<LoadConnection> open(URI gateway, String token, int outboundQueue,
            Consumer<Frame> listener, Measurements measurements, int attempt) {
        return LoadConnection.open(gateway, token, outboundQueue, REPLY_TIMEOUT, listener)
            .exceptionallyCompose((failure) -> {
                // NOTE: a cold or busy system has been seen to let a sign-in time out (4502) when hundreds arrive at
                // once; setup is not what is measured, so try again, and report how often it was needed.
                if (attempt >= SIGN_IN_ATTEMPTS) {
                    return CompletableFuture.failedFuture(failure);
                }
                measurements.setupRetries.increment();
                return open(gateway, token, outboundQueue, listener, measurements, attempt + 1);
            });
    }

    private void closedUnexpectedly(int code) {
        if (!this.closing) {
            this.measurements.error("CLOSED_" + code);
        }
    }

    /** The users other than each room's creator, each once per room, with the connection that joins for them. */
    private List<Member> firstMemberOfEachOtherUser() {
        List<Member> joining = new ArrayList<>();
        for (Room room : this.rooms) {
            Set<String> done = new HashSet<>();
            done.add(room.members.get(0).user);
            room.members.stream().filter((member) -> done.add(member.user)).forEach(joining::add);
        }
        return joining;
    }

    /**
     * Sends at {@code rate} for {@code duration} and waits for all of it to arrive, then forgets its latencies: the
     * first messages of a run meet cold code and rooms whose topics the consumers are only discovering (within
     * chat-service's topic discovery interval), which is not the steady state the scenarios measure. The messages
     * stay in the completeness check.
     */
    void warmUp(double rate, Duration duration, Duration drain) {
        if (duration.isZero()) {
            return;
        }
        sendOpenLoop(rate, duration, System.nanoTime());
        drain(drain);
        this.measurements.takeDeliveries();
        this.measurements.takeAcks();
        this.measurements.takeSeconds();
        this.warmUpSent = this.measurements.sent.sum();
        this.warmUpAcked = this.measurements.acked.sum();
        this.warmUpDelivered = this.measurements.delivered.sum();
    }

    /**
     * Sends at {@code rate} messages a second for {@code duration}, round-robin over the senders, then reports.
     * {@code atStart} runs once sending has begun (the join storm).
     */
    PhaseResult phase(String name, double rate, Duration duration, Runnable atStart) {
        long sent0 = this.measurements.sent.sum();
        long acked0 = this.measurements.acked.sum();
        long delivered0 = this.measurements.delivered.sum();
        long skipped0 = this.measurements.skipped.sum();
        long errors0 = this.measurements.errorCount();
        long start = System.nanoTime();
        atStart.run();
        sendOpenLoop(rate, duration, start);
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram deliveries = this.measurements.takeDeliveries();
        Histogram acks = this.measurements.takeAcks();
        this.allDeliveries.add(deliveries);
        this.allAcks.add(acks);
        long delivered = this.measurements.delivered.sum() - delivered0;
        long backlog = this.measurements.sent.sum() * this.options.members() - this.measurements.delivered.sum();
        return new PhaseResult(name, rate, round(seconds), this.measurements.sent.sum() - sent0,
                this.measurements.acked.sum() - acked0, delivered, round(delivered / seconds), backlog,
                this.measurements.skipped.sum() - skipped0, this.measurements.errorCount() - errors0,
                Latency.of(deliveries), Latency.of(acks));
    }

    private void sendOpenLoop(double rate, Duration duration, long start) {
        double interval = 1e9 / rate;
        long total = (long) Math.floor(rate * duration.toNanos() / 1e9);
        long end = start + duration.toNanos();
        long n = 0;
        while (n < total) {
            long due = Math.min(total, (long) ((System.nanoTime() - start) / interval) + 1);
            int inFlight = unacked();
            for (; n < due; n++) {
                if (inFlight >= this.options.maxInFlight()) {
                    this.measurements.skipped.increment();
                    continue;
                }
                Member sender = this.senders.get((int) (n % this.senders.size()));
                // NOTE: latency counts from the scheduled time, not the moment of sending, so that a stall of the
                // tool or of the system is measured rather than hidden (coordinated omission).
                if (sender.send(start + (long) (n * interval))) {
                    this.measurements.sent.increment();
                    inFlight++;
                }
                else {
                    this.measurements.error("OUTBOUND_QUEUE_FULL");
                }
            }
            LockSupport.parkNanos(100_000);
        }
        long left = end - System.nanoTime();
        if (left > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private int unacked() {
        int unacked = 0;
        for (Member sender : this.senders) {
            unacked += sender.unackedCount();
        }
        return unacked;
    }

    /** Waits until every send is acknowledged and every member has every message, or {@code timeout} passes. */
    boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (unacked() == 0 && this.members.stream().allMatch((m) -> m.lastSeq() >= m.room.sentCount())) {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return false;
    }

    /**
     * The whole run after {@link #drain}: every delivery and acknowledgement, including those that arrived after
     * their phase ended (the slowest ones, which a per-phase figure would miss).
     */
    PhaseResult total(List<PhaseResult> phases) {
        this.allDeliveries.add(this.measurements.takeDeliveries());
        this.allAcks.add(this.measurements.takeAcks());
        double seconds = phases.stream().mapToDouble(PhaseResult::seconds).sum();
        long sent = this.measurements.sent.sum() - this.warmUpSent;
        long delivered = this.measurements.delivered.sum() - this.warmUpDelivered;
        return new PhaseResult("all", round(sent / seconds), round(seconds), sent,
                this.measurements.acked.sum() - this.warmUpAcked,
                delivered, round(delivered / seconds), sent * this.options.members() - delivered,
                this.measurements.skipped.sum(), this.measurements.errorCount(), Latency.of(this.allDeliveries),
                Latency.of(this.allAcks));
    }

    /** Reads every room's whole history and compares it, and every member's deliveries, with what was sent. */
    CheckResult check() {
        List<String> problems = new ArrayList<>();
        long messages = 0;
        int unacked = unacked();
        if (unacked > 0) {
            problems.add(unacked + " message(s) never acknowledged");
        }
        for (Room room : this.rooms) {
            Map<Long, String> history = history(room, problems);
            messages += history.size();
            checkHistory(room, history, problems);
            long expected = room.sentCount();
            for (Member member : room.members) {
                if (member.received() != expected || member.lastSeq() != expected || member.duplicates() > 0
                        || member.gaps() > 0) {
                    problems.add(String.format(java.util.Locale.ROOT,
                            "room %d member %d: received %d (last seq %d, %d duplicates, %d gaps) of %d", room.index,
                            member.index, member.received(), member.lastSeq(), member.duplicates(), member.gaps(),
                            expected));
                }
            }
        }
        long deliveries = this.members.stream().mapToLong(Member::received).sum();
        return new CheckResult(problems.isEmpty(), messages, deliveries, problems.size(),
                List.copyOf(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED))));
    }

    /** seq → clientMsgId of every stored message of the room, paged backwards through its members' connections. */
    private Map<Long, String> history(Room room, List<String> problems) {
        Map<Long, String> stored = new HashMap<>();
        Long beforeSeq = null;
        int page = 0;
        while (true) {
            // NOTE: pages rotate over the room's connections, to stay within each one's frame-rate limit.
            LoadConnection connection = room.members.get(page++ % room.members.size()).connection();
            Frame reply;
            try {
                reply = (beforeSeq == null)
                        ? request(connection, "history", "history.fetch", "roomId", room.id(), "limit", HISTORY_PAGE)
                            .join()
                        : request(connection, "history", "history.fetch", "roomId", room.id(), "beforeSeq",
                                beforeSeq, "limit", HISTORY_PAGE).join();
            }
            catch (RuntimeException ex) {
                problems.add("room " + room.index + ": history.fetch failed: " + Bounded.message(ex));
                return stored;
            }
            JsonNode body = reply.tree();
            long smallest = Long.MAX_VALUE;
            for (JsonNode message : body.path("messages")) {
                long seq = message.path("seq").asLong();
                String previous = stored.put(seq, message.path("clientMsgId").asString());
                if (previous != null) {
                    problems.add("room " + room.index + ": seq " + seq + " returned twice");
                }
                smallest = Math.min(smallest, seq);
            }
            if (!body.path("hasMore").asBoolean() || smallest <= 1 || smallest == Long.MAX_VALUE) {
                return stored;
            }
            beforeSeq = smallest;
        }
    }

    private static void checkHistory(Room room, Map<Long, String> history, List<String> problems) {
        Set<String> sent = room.sentIds();
        int expected = sent.size();
        for (long seq = 1; seq <= expected; seq++) {
            if (!history.containsKey(seq)) {
                problems.add("room " + room.index + ": seq " + seq + " missing from history");
                break;
            }
        }
        if (history.size() != expected) {
            problems.add("room " + room.index + ": history holds " + history.size() + " messages, " + expected
                    + " were sent");
        }
        Map<String, Long> seen = new LinkedHashMap<>();
        history.forEach((seq, clientMsgId) -> {
            Long other = seen.put(clientMsgId, seq);
            if (other != null) {
                problems.add("room " + room.index + ": clientMsgId " + clientMsgId + " stored twice (seq " + other
                        + " and " + seq + ")");
            }
        });
        if (!seen.keySet().equals(sent)) {
            Set<String> missing = new HashSet<>(sent);
            missing.removeAll(seen.keySet());
            Set<String> foreign = new HashSet<>(seen.keySet());
            foreign.removeAll(sent);
            problems.add("room " + room.index + ": " + missing.size() + " sent message(s) not stored, "
                    + foreign.size() + " stored message(s) never sent");
        }
    }

    /** Sends a request and expects a reply of {@code expectedType}; an error frame or a timeout fails it. */
    static CompletableFuture<Frame> request(LoadConnection connection, String expectedType, String type,
            Object... fieldsAndValues) {
        return connection.request(type, fieldsAndValues)
            .orTimeout(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .thenApply((reply) -> {
                if (!reply.is(expectedType)) {
                    throw new IllegalStateException(type + " answered " + reply.type() + " " + reply.code());
                }
                return reply;
            });
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    @Override
    public void close() {
        this.closing = true;
        for (Member member : this.members) {
            if (member.connection() != null) {
                member.connection().close();
            }
        }
    }
}
