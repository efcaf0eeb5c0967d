package dev.parley.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, uniquely named database on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust auth by
 * default; override with PARLEY_DB_HOST, PARLEY_DB_PORT, PARLEY_DB_USER, PARLEY_DB_PASSWORD). Tests never share
 * data with an earlier run, and nothing here needs Docker.
 */
public record TestDatabase(String host, int port, String name, String user, String password) {

    /** Creates a new empty database named {@code <prefix>_<random>}. */
    public static TestDatabase create(String prefix) {
        String host = env("PARLEY_DB_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("PARLEY_DB_PORT", "5432"));
        String user = env("PARLEY_DB_USER", "postgres");
        String password = env("PARLEY_DB_PASSWORD", "");
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT);
        TestDatabase database = new TestDatabase(host, port, name, user, password);
        database.admin("CREATE DATABASE " + name);
        return database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** Drops the database, closing whatever connections are still open to it. */
    public void drop() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) {
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " refused: " + sql, e);
        }
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
