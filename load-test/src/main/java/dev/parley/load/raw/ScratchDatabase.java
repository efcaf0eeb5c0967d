package dev.parley.load.raw;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * A database of its own, {@code parley_raw_<random>}, holding a copy of chat-service's {@code message} table;
 * {@link #close} drops it.
 */
final class ScratchDatabase implements AutoCloseable {

    // NOTE: a copy of chat-service's V1__messages.sql (the table only): the load tool must not depend on the service,
    // and the baseline is only fair while the two keep the same columns and indexes.
    static final String MESSAGE_TABLE = """
            CREATE TABLE message (
                id            uuid        PRIMARY KEY,
                room_id       uuid        NOT NULL,
                seq           bigint      NOT NULL,
                sender_id     text        NOT NULL,
                sender_name   text        NOT NULL,
                body          text        NOT NULL,
                sent_at       timestamptz NOT NULL,
                client_msg_id text        NOT NULL,
                CONSTRAINT message_room_seq_key UNIQUE (room_id, seq),
                CONSTRAINT message_client_msg_key UNIQUE (room_id, sender_id, client_msg_id)
            )
            """;

    private final PostgresOptions options;

    private final String name;

    private ScratchDatabase(PostgresOptions options, String name) {
        this.options = options;
        this.name = name;
    }

    static ScratchDatabase create(PostgresOptions options) {
        String name = "parley_raw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
            .toLowerCase(Locale.ROOT);
        ScratchDatabase database = new ScratchDatabase(options, name);
        database.admin("CREATE DATABASE " + name);
        try {
            database.execute(MESSAGE_TABLE);
        }
        catch (RuntimeException ex) {
            database.close();
            throw ex;
        }
        return database;
    }

    String name() {
        return this.name;
    }

    /** A new connection to the scratch database, in autocommit: every statement is its own transaction. */
    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", this.options.user());
        properties.setProperty("password", this.options.password());
        properties.setProperty("ApplicationName", "parley-load-raw");
        return DriverManager.getConnection(this.options.jdbcUrl(this.name), properties);
    }

    /** The server's value of a setting ({@code SHOW name}). */
    String setting(String setting) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
        catch (SQLException ex) {
            throw failed("SHOW " + setting, ex);
        }
    }

    void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw failed(sql, ex);
        }
    }

    /** Drops the database, closing whatever connections are still open to it. */
    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
    }

    private void admin(String sql) {
        Properties properties = new Properties();
        properties.setProperty("user", this.options.user());
        properties.setProperty("password", this.options.password());
        try (Connection connection = DriverManager.getConnection(this.options.jdbcUrl("postgres"), properties);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw failed(sql, ex);
        }
    }

    private IllegalStateException failed(String sql, SQLException ex) {
        String statement = sql.strip().lines().findFirst().orElse(sql);
        return new IllegalStateException("PostgreSQL at " + this.options.host() + ":" + this.options.port()
                + " refused " + statement + ": " + ex.getMessage(), ex);
    }
}
