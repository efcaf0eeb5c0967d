package dev.parley.launcher;

/** Where the services' PostgreSQL is and which two databases they use. */
record DatabaseSettings(String host, int port, String user, String password, String roomDatabase,
        String chatDatabase) {

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
