package dev.parley.load.raw;

import java.util.Locale;

import dev.parley.load.Latency;

/**
 * One level of raw inserts: so many connections, each inserting so many rows per INSERT, for a while.
 *
 * @param kind {@code single-row} or {@code multi-row}
 * @param connections connections inserting at once, one platform thread each
 * @param rowsPerInsert rows in one INSERT (one transaction, in autocommit)
 * @param seconds how long the level took, from the first insert to the end of the last
 * @param inserts INSERT statements committed
 * @param rows rows committed
 * @param rowsPerSecond {@code rows / seconds}
 * @param commit one INSERT's latency up to its commit, as the client sees it
 */
public record InsertLevel(String kind, int connections, int rowsPerInsert, double seconds, long inserts, long rows,
        double rowsPerSecond, Latency commit) {

    static final String HEADER = String.format(Locale.ROOT, "%-10s  %11s  %11s  %7s  %9s  %9s  %9s  %10s  %7s  %7s",
            "kind", "connections", "rows/insert", "seconds", "rows", "rows/s", "inserts/s", "commit p50", "p99",
            "max ms");

    static InsertLevel of(int connections, int rowsPerInsert, long nanos, long inserts, Latency commit) {
        double seconds = nanos / 1e9;
        return new InsertLevel((rowsPerInsert == 1) ? "single-row" : "multi-row", connections, rowsPerInsert,
                Math.round(seconds * 100) / 100.0, inserts, inserts * rowsPerInsert,
                Math.round(inserts * rowsPerInsert / seconds * 10) / 10.0, commit);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-10s  %11d  %11d  %7.2f  %9d  %9.1f  %9.1f  %10.2f  %7.2f  %7.2f",
                this.kind, this.connections, this.rowsPerInsert, this.seconds, this.rows, this.rowsPerSecond,
                this.rowsPerSecond / this.rowsPerInsert, this.commit.p50(), this.commit.p99(), this.commit.max());
    }
}
