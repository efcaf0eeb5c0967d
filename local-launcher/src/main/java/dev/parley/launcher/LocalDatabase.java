package dev.parley.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PostgreSQL the services use: the machine's own if one answers, else an embedded one this JVM owns. */
final class LocalDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalDatabase.class);

    private final DatabaseSettings settings;

    private final EmbeddedPostgres embedded;

    private LocalDatabase(DatabaseSettings settings, EmbeddedPostgres embedded) {
        this.settings = settings;
        this.embedded = embedded;
    }

    /**
     * Uses the server at the requested host and port if something listens there; otherwise starts an embedded
     * PostgreSQL on {@code embeddedPort} (0 = any free port). Then creates both databases if they are missing.
     */
    static LocalDatabase open(DatabaseSettings requested, int embeddedPort) {
        LocalDatabase database;
        if (answers(requested.host(), requested.port())) {
            log.info("Using PostgreSQL at {}:{}", requested.host(), requested.port());
            database = new LocalDatabase(requested, null);
        }
        else {
            database = startEmbedded(requested, embeddedPort);
        }
        database.createIfMissing(requested.roomDatabase());
        database.createIfMissing(requested.chatDatabase());
        return database;
    }

    DatabaseSettings settings() {
        return settings;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    /** Drops both databases, disconnecting whoever is still connected. */
    void dropDatabases() {
        admin("DROP DATABASE IF EXISTS " + settings.roomDatabase() + " WITH (FORCE)");
        admin("DROP DATABASE IF EXISTS " + settings.chatDatabase() + " WITH (FORCE)");
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            }
            catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }

    private static LocalDatabase startEmbedded(DatabaseSettings requested, int port) {
        log.info("Nothing answers at {}:{}; starting an embedded PostgreSQL", requested.host(), requested.port());
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(port).start();
            // NOTE: the embedded server knows only the "postgres" superuser, without a password.
            DatabaseSettings settings = new DatabaseSettings("127.0.0.1", postgres.getPort(), "postgres", "",
                    requested.roomDatabase(), requested.chatDatabase());
            log.info("Embedded PostgreSQL listens on 127.0.0.1:{}", postgres.getPort());
            return new LocalDatabase(settings, postgres);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not start an embedded PostgreSQL", e);
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    private void createIfMissing(String name) {
        String exists = "SELECT 1 FROM pg_database WHERE datname = '" + name + "'";
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(exists)) {
            if (!result.next()) {
                statement.execute("CREATE DATABASE " + name);
                log.info("Created database {}", name);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " at " + where(), e);
        }
    }

    private void admin(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + where() + " refused: " + sql, e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl("postgres"), settings.user(), settings.password());
    }

    private String where() {
        return settings.host() + ":" + settings.port() + " as " + settings.user();
    }
}
