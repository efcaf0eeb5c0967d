package dev.parley.load.raw;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where and how the raw-postgres scenario inserts, valid from construction.
 *
 * @param host PostgreSQL's host
 * @param port PostgreSQL's port
 * @param user a user that may create and drop databases
 * @param password its password (empty for trust authentication)
 * @param levelDuration how long each level inserts
 * @param singleRowConnections single-row insert transactions: the numbers of connections, one level each
 * @param batchRows multi-row inserts: the rows per INSERT, one level each (times each of {@code batchConnections})
 * @param batchConnections multi-row inserts: the numbers of connections
 */
public record PostgresOptions(String host, int port, String user, String password, Duration levelDuration,
        List<Integer> singleRowConnections, List<Integer> batchRows, List<Integer> batchConnections) {

    /** Rows one INSERT may hold: 8 bind parameters a row, well inside the protocol's 16-bit parameter count. */
    static final int MAX_BATCH_ROWS = 4000;

    public PostgresOptions {
        if (host.isBlank() || user.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("--pg-host, --pg-port and --pg-user must name a PostgreSQL server");
        }
        if (levelDuration.isNegative() || levelDuration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        singleRowConnections = positive(singleRowConnections, "insert-connections");
        batchRows = positive(batchRows, "batch-rows");
        batchConnections = positive(batchConnections, "batch-connections");
        if (batchRows.get(batchRows.size() - 1) > MAX_BATCH_ROWS) {
            throw new IllegalArgumentException("--batch-rows must be at most " + MAX_BATCH_ROWS);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
    }

    /** The options for the result file, without the password. */
    public Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("postgres", this.host + ":" + this.port);
        described.put("user", this.user);
        described.put("levelDuration", this.levelDuration.toString());
        described.put("insertConnections", this.singleRowConnections);
        described.put("batchRows", this.batchRows);
        described.put("batchConnections", this.batchConnections);
        return described;
    }

    @Override
    public String toString() {
        return "PostgresOptions" + describe();
    }

    private static List<Integer> positive(List<Integer> values, String name) {
        if (values.isEmpty() || values.stream().anyMatch((value) -> value <= 0)) {
            throw new IllegalArgumentException("--" + name + " must list positive numbers");
        }
        return values.stream().sorted().toList();
    }
}
