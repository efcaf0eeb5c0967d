package dev.parley.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.load.client.LoadConnection;

/**
 * Scenario (c): idle signed-in connections on one gateway, opened level by level; at each level the gateway's heap
 * after a full GC and its RSS, and their growth per connection over the baseline with none open.
 */
final class IdleConnections {

    private IdleConnections() {
    }

    static List<LevelResult> run(LoadOptions options, SignIns signIns, Measurements measurements, Progress progress) {
        GatewayProcess gateway = GatewayProcess.find(options.gatewayPid(), options.gateways().get(0));
        progress.say("gateway pid %d; baseline after GC", gateway.pid());
        long baseHeap = gateway.heapAfterGc();
        long baseRss = gateway.rss();
        List<LevelResult> levels = new ArrayList<>();
        levels.add(new LevelResult(0, baseHeap, baseRss, 0, 0, 0, 0));
        progress.line(levels.get(0).toString());
        List<LoadConnection> open = new ArrayList<>();
        AtomicBoolean closing = new AtomicBoolean();
        try {
            for (int level : options.levels()) {
                int adding = level - open.size();
                long start = System.nanoTime();
                int offset = open.size();
                List<CompletableFuture<LoadConnection>> opened = Bounded.run(adding, options.openConcurrency(),
                        (i) -> ChatLoad.open(options.gateways().get(0), signIns.token(signIns.user(offset + i)), 4,
                                (frame) -> {
                                    // idle: room.created broadcasts and pings only
                                }, measurements, 1));
                int failed = 0;
                for (CompletableFuture<LoadConnection> each : opened) {
                    if (each.isCompletedExceptionally()) {
                        if (failed++ == 0) {
                            progress.line("a connection failed: " + Bounded.message(each.handle((c, e) -> e).join()));
                        }
                        measurements.error("OPEN_FAILED");
                        continue;
                    }
                    LoadConnection connection = each.join();
                    connection.closed().thenAccept((code) -> {
                        if (!closing.get()) {
                            measurements.error("CLOSED_" + code);
                        }
                    });
                    open.add(connection);
                }
                double openSeconds = (System.nanoTime() - start) / 1e9;
                sleep(options.settle().toMillis());
                int count = open.size();
                long heap = gateway.heapAfterGc();
                long rss = gateway.rss();
                LevelResult result = new LevelResult(count, heap, rss, perConnection(heap - baseHeap, count),
                        perConnection(rss - baseRss, count), Math.round(openSeconds * 10) / 10.0, failed);
                levels.add(result);
                progress.line(result.toString());
            }
        }
        finally {
            closing.set(true);
            open.forEach(LoadConnection::close);
        }
        return levels;
    }

    private static long perConnection(long bytes, int connections) {
        return (connections == 0) ? 0 : bytes / connections;
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
