package dev.parley.load.raw;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.parley.load.Latency;
import dev.parley.load.Progress;
import org.HdrHistogram.Histogram;

/**
 * Scenario raw-postgres: message rows inserted over plain JDBC on platform threads into a scratch database — single-row
 * insert transactions on more and more connections, then multi-row inserts — the ceiling under chat-service's stores.
 */
public final class RawInserts {

    private RawInserts() {
    }

    /** Creates the scratch database, runs every level, and drops the database again. */
    public static PostgresLimits run(PostgresOptions options, Progress progress) {
        try (ScratchDatabase database = ScratchDatabase.create(options)) {
            String server = database.setting("server_version");
            String synchronousCommit = database.setting("synchronous_commit");
            String fsync = database.setting("fsync");
            progress.say("raw-postgres: PostgreSQL %s at %s:%d (synchronous_commit=%s, fsync=%s), database %s, "
                    + "%.1f s a level", server, options.host(), options.port(), synchronousCommit, fsync,
                    database.name(), options.levelDuration().toMillis() / 1000.0);
            progress.line(InsertLevel.HEADER);
            long nanos = options.levelDuration().toNanos();
            List<InsertLevel> singleRow = new ArrayList<>();
            for (int connections : options.singleRowConnections()) {
                singleRow.add(report(progress, level(database, connections, 1, nanos)));
            }
            List<InsertLevel> multiRow = new ArrayList<>();
            for (int rows : options.batchRows()) {
                for (int connections : options.batchConnections()) {
                    multiRow.add(report(progress, level(database, connections, rows, nanos)));
                }
            }
            progress.say("dropping %s", database.name());
            return new PostgresLimits(server, synchronousCommit, fsync, database.name(), singleRow, multiRow);
        }
    }

    /** One level on fresh connections and an emptied table, so that no level inherits another's index growth. */
    static InsertLevel level(ScratchDatabase database, int connections, int rows, long nanos) {
        database.execute("TRUNCATE message");
        List<InsertWorker> workers = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        try {
            for (int i = 0; i < connections; i++) {
                workers.add(InsertWorker.open(database, rows));
            }
            long start = System.nanoTime();
            List<Callable<Histogram>> inserting = new ArrayList<>();
            workers.forEach((worker) -> inserting.add(() -> worker.insertUntil(start + nanos)));
            Histogram commits = new Histogram(3);
            for (Future<Histogram> each : threads.invokeAll(inserting)) {
                commits.add(each.get());
            }
            long took = System.nanoTime() - start;
            return InsertLevel.of(connections, rows, took, commits.getTotalCount(), Latency.of(commits));
        }
        catch (SQLException | ExecutionException ex) {
            Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
            throw new IllegalStateException("inserting " + rows + " row(s) at a time on " + connections
                    + " connection(s) failed: " + cause.getMessage(), cause);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        finally {
            threads.shutdownNow();
            workers.forEach(RawInserts::closeQuietly);
        }
    }

    private static InsertLevel report(Progress progress, InsertLevel level) {
        progress.line(level.toString());
        return level;
    }

    private static void closeQuietly(InsertWorker worker) {
        try {
            worker.close();
        }
        catch (SQLException ex) {
            // NOTE: the database is dropped WITH (FORCE) at the end anyway; a failed close changes no figure.
        }
    }
}
