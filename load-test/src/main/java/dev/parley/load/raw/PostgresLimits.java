package dev.parley.load.raw;

import java.util.ArrayList;
import java.util.List;

/**
 * What raw-postgres measured, and the server settings that decide a commit's cost.
 *
 * @param server PostgreSQL's {@code server_version}
 * @param synchronousCommit its {@code synchronous_commit} (on: a commit waits for the WAL flush)
 * @param fsync its {@code fsync}
 * @param database the scratch database used (dropped since)
 * @param singleRow single-row insert transactions, one level per number of connections
 * @param multiRow multi-row inserts, one level per rows per INSERT and number of connections
 */
public record PostgresLimits(String server, String synchronousCommit, String fsync, String database,
        List<InsertLevel> singleRow, List<InsertLevel> multiRow) implements RawResult {

    @Override
    public List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(java.util.Locale.ROOT, "PostgreSQL %s, synchronous_commit=%s, fsync=%s",
                this.server, this.synchronousCommit, this.fsync));
        lines.add(InsertLevel.HEADER);
        this.singleRow.forEach((level) -> lines.add(level.toString()));
        this.multiRow.forEach((level) -> lines.add(level.toString()));
        return lines;
    }
}
