package dev.parley.system;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import dev.parley.launcher.ParleySystem;
import dev.parley.testsupport.OidcLogin;

/**
 * The whole system, started once per test JVM through the same launcher as README command 1 (issuer, room-service,
 * chat-service and gateway as separate processes on free ports, the machine's PostgreSQL with fresh databases, an
 * in-process Kafka broker), and stopped when the JVM exits.
 */
public final class RunningSystem {

    /** The tests' redirect URI, registered in the dev issuer; the login script reads the code from it. */
    private static final URI TEST_REDIRECT = URI.create("http://127.0.0.1/test-callback");

    private static ParleySystem system;

    private RunningSystem() {
    }

    public static synchronized ParleySystem get() {
        if (system == null) {
            Path home = Path.of(System.getProperty("parley.home", "..")).toAbsolutePath().normalize();
            ParleySystem started = ParleySystem.builder()
                    .home(home)
                    .gateways(1)
                    .chatServices(1)
                    .roomServices(1)
                    .databasePrefix("parley_it_" + UUID.randomUUID().toString().substring(0, 8))
                    .dropDatabasesOnClose(true)
                    .fixedPorts(false)
                    // NOTE: a small clock skew, so that a token of the short-lived test client is refused soon.
                    .serviceSettings(Map.of("PARLEY_TOKEN_CLOCK_SKEW", "1s"))
                    .logDirectory(home.resolve("system-tests/target/system-logs"))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "parley-system-stop"));
            system = started;
        }
        return system;
    }

    /** Signs a demo user in through the dev issuer, as the web client does (authorization code + PKCE). */
    public static String accessToken(String user) {
        return new OidcLogin(get().issuerUri(), "parley-web", TEST_REDIRECT).login(user, user + "-pass").accessToken();
    }

    /** A token from the dev issuer's test client whose tokens expire after 3 seconds. */
    public static String shortLivedAccessToken(String user) {
        return new OidcLogin(get().issuerUri(), "parley-short-lived", TEST_REDIRECT).login(user, user + "-pass")
                .accessToken();
    }

    public static URI webSocket() {
        URI gateway = get().gatewayUris().get(0);
        return URI.create("ws://" + gateway.getHost() + ":" + gateway.getPort() + "/ws");
    }
}
