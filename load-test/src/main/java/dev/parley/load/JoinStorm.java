package dev.parley.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.parley.load.client.LoadConnection;

/**
 * Scenario (e)'s storm: many signed-in connections that each join a password room at the same moment, so that
 * room-service checks as many bcrypt hashes at once while the chat load goes on.
 */
final class JoinStorm implements AutoCloseable {

    private final Measurements measurements;

    private final List<LoadConnection> connections = new ArrayList<>();

    private final List<String> roomNames = new ArrayList<>();

    private volatile boolean closing;

    private JoinStorm(Measurements measurements) {
        this.measurements = measurements;
    }

    /** Opens the storm's connections and creates its rooms; nobody joins yet. */
    static JoinStorm prepare(LoadOptions options, SignIns signIns, Measurements measurements, Progress progress) {
        JoinStorm storm = new JoinStorm(measurements);
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        progress.say("join storm: opening %d connections", options.stormUsers());
        storm.connections.addAll(Bounded.runAll("storm sign-in", options.stormUsers(), options.openConcurrency(),
                (i) -> ChatLoad.open(options.gateways().get(i % options.gateways().size()),
                        signIns.token(signIns.user(i)), 16, (frame) -> {
                            if (frame.is("error")) {
                                measurements.error("STORM_" + frame.code());
                            }
                        }, measurements, 1)));
        storm.connections.forEach((connection) -> connection.closed().thenAccept((code) -> {
            if (!storm.closing) {
                measurements.error("STORM_CLOSED_" + code);
            }
        }));
        int rooms = Math.min(options.stormRooms(), storm.connections.size());
        for (int r = 0; r < rooms; r++) {
            storm.roomNames.add("storm-" + run + "-" + r);
        }
        Bounded.runAll("storm room.create", rooms, options.joinConcurrency(),
                (r) -> ChatLoad.request(storm.connections.get(r), "room.joined", "room.create", "name",
                        storm.roomNames.get(r), "password", ChatLoad.ROOM_PASSWORD));
        return storm;
    }

    /** Every connection sends {@code room.join} now; completes when all have answered. */
    CompletableFuture<Void> fire() {
        List<CompletableFuture<?>> joins = new ArrayList<>();
        for (int i = 0; i < this.connections.size(); i++) {
            long start = System.nanoTime();
            joins.add(ChatLoad.request(this.connections.get(i), "room.joined", "room.join", "name",
                    this.roomNames.get(i % this.roomNames.size()), "password", ChatLoad.ROOM_PASSWORD)
                .whenComplete((joined, failure) -> {
                    if (failure != null) {
                        this.measurements.error("STORM_JOIN_FAILED");
                    }
                    else {
                        this.measurements.join(System.nanoTime() - start);
                    }
                }));
        }
        return CompletableFuture.allOf(joins.toArray(CompletableFuture<?>[]::new)).exceptionally((failure) -> null);
    }

    @Override
    public void close() {
        this.closing = true;
        this.connections.forEach(LoadConnection::close);
    }
}
