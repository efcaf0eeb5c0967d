package dev.parley.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The environment variables each child process gets, following the system's fixed conventions: every process learns
 * the issuer, the database, Kafka and where all service instances are; each one also gets its own ports.
 */
final class ServiceEnvironment {

    private final PortPlan ports;

    private final DatabaseSettings database;

    private final String kafkaBootstrap;

    private final String audience;

    private final long parentPid;

    ServiceEnvironment(PortPlan ports, DatabaseSettings database, String kafkaBootstrap, String audience,
            long parentPid) {
        this.ports = ports;
        this.database = database;
        this.kafkaBootstrap = kafkaBootstrap;
        this.audience = audience;
        this.parentPid = parentPid;
    }

    /** The variables for instance {@code index} (1-based) of {@code kind}. */
    Map<String, String> forInstance(ServiceKind kind, int index) {
        Map<String, String> env = common();
        env.put("PARLEY_INSTANCE_NAME", kind.instanceName(index));
        switch (kind) {
            case ISSUER -> env.put("PARLEY_ISSUER_PORT", Integer.toString(ports.issuer()));
            case ROOM -> {
                env.put("PARLEY_ROOM_RSOCKET_PORT", port(ports.roomRSocket(), index));
                env.put("PARLEY_ROOM_HTTP_PORT", port(ports.roomHttp(), index));
            }
            case CHAT -> {
                env.put("PARLEY_CHAT_RSOCKET_PORT", port(ports.chatRSocket(), index));
                env.put("PARLEY_CHAT_HTTP_PORT", port(ports.chatHttp(), index));
            }
            case GATEWAY -> env.put("PARLEY_GATEWAY_PORT", port(ports.gateways(), index));
        }
        return env;
    }

    /** The HTTP port on which instance {@code index} of {@code kind} answers its health check. */
    int httpPort(ServiceKind kind, int index) {
        return switch (kind) {
            case ISSUER -> ports.issuer();
            case ROOM -> ports.roomHttp().get(index - 1);
            case CHAT -> ports.chatHttp().get(index - 1);
            case GATEWAY -> ports.gateways().get(index - 1);
        };
    }

    String issuerUri() {
        // NOTE: "localhost", not 127.0.0.1: this string is the exact `iss` claim the services check.
        return "http://localhost:" + ports.issuer();
    }

    /** Every origin a browser may load the web client from: each gateway, by name and by address. */
    List<String> gatewayOrigins() {
        List<String> origins = new ArrayList<>();
        for (int port : ports.gateways()) {
            origins.add("http://localhost:" + port);
            origins.add("http://127.0.0.1:" + port);
        }
        return origins;
    }

    /** Every redirect URI a browser or a scripted test may use against any gateway. */
    List<String> redirectUris() {
        List<String> uris = new ArrayList<>();
        for (int port : ports.gateways()) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                uris.add("http://" + host + ":" + port + "/callback.html");
                uris.add("http://" + host + ":" + port + "/silent-renew.html");
            }
        }
        uris.add("http://127.0.0.1/test-callback");
        return uris;
    }

    private Map<String, String> common() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PARLEY_ISSUER_URI", issuerUri());
        env.put("PARLEY_JWK_SET_URI", issuerUri() + "/oauth2/jwks");
        env.put("PARLEY_AUDIENCE", audience);
        env.put("PARLEY_ISSUER_REDIRECT_URIS", String.join(",", redirectUris()));
        // The web client fetches the issuer's discovery document and token endpoint from the gateway's origin.
        env.put("PARLEY_ISSUER_ALLOWED_ORIGINS", String.join(",", gatewayOrigins()));
        env.put("PARLEY_ISSUER_POST_LOGOUT_REDIRECT_URIS",
                gatewayOrigins().stream().map(origin -> origin + "/").collect(Collectors.joining(",")));
        env.put("PARLEY_DB_HOST", database.host());
        env.put("PARLEY_DB_PORT", Integer.toString(database.port()));
        env.put("PARLEY_DB_USER", database.user());
        env.put("PARLEY_DB_PASSWORD", database.password());
        env.put("PARLEY_ROOM_DB", database.roomDatabase());
        env.put("PARLEY_CHAT_DB", database.chatDatabase());
        env.put("PARLEY_KAFKA_BOOTSTRAP", kafkaBootstrap);
        env.put("PARLEY_ROOM_SERVICE_URIS", tcpUris(ports.roomRSocket()));
        env.put("PARLEY_CHAT_SERVICE_URIS", tcpUris(ports.chatRSocket()));
        env.put("PARLEY_PARENT_PID", Long.toString(parentPid));
        return env;
    }

    private static String tcpUris(List<Integer> rsocketPorts) {
        return rsocketPorts.stream().map(port -> "tcp://127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    private static String port(List<Integer> ports, int index) {
        return Integer.toString(ports.get(index - 1));
    }
}
