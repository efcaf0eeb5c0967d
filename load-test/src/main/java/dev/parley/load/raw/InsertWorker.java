package dev.parley.load.raw;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * One connection inserting message rows, {@code rows} per INSERT, in autocommit, until a deadline. Each worker
 * writes its own room, so the unique keys never collide between workers.
 */
final class InsertWorker implements AutoCloseable {

    private final Connection connection;

    private final PreparedStatement insert;

    private final int rows;

    private final UUID room = UUID.randomUUID();

    private final Histogram commits = new Histogram(3);

    private long seq;

    private InsertWorker(Connection connection, PreparedStatement insert, int rows) {
        this.connection = connection;
        this.insert = insert;
        this.rows = rows;
    }

    /** Opens its connection and prepares its INSERT, so that the level measures inserting only. */
    static InsertWorker open(ScratchDatabase database, int rows) throws SQLException {
        Connection connection = database.connect();
        try {
            connection.setAutoCommit(true);
            return new InsertWorker(connection, connection.prepareStatement(SampleMessage.insertSql(rows)), rows);
        }
        catch (SQLException ex) {
            connection.close();
            throw ex;
        }
    }

    /** Inserts until {@code deadline} ({@link System#nanoTime}) has passed; returns the commit latencies in µs. */
    Histogram insertUntil(long deadline) throws SQLException {
        long now = System.nanoTime();
        while (now < deadline) {
            for (int row = 0; row < this.rows; row++) {
                this.seq++;
                SampleMessage.next(this.room, this.seq).bind(this.insert, row);
            }
            long started = System.nanoTime();
            this.insert.executeUpdate();
            now = System.nanoTime();
            this.commits.recordValue(TimeUnit.NANOSECONDS.toMicros(now - started));
        }
        return this.commits;
    }

    @Override
    public void close() throws SQLException {
        this.connection.close();
    }
}
