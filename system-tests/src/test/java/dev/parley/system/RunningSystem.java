package dev.parley.system;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.core.codec.CharSequenceEncoder;
import org.springframework.core.codec.StringDecoder;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.springframework.security.rsocket.metadata.BearerTokenAuthenticationEncoder;
import org.springframework.util.MimeTypeUtils;

import dev.parley.launcher.ParleySystem;
import dev.parley.testsupport.OidcLogin;
import dev.parley.testsupport.ProtocolClient;
import tools.jackson.databind.JsonNode;

/**
 * The whole system, started through the same launcher as README command 1 — the dev issuer, room-service, two
 * chat-services and two gateways as separate processes on free ports, the machine's PostgreSQL with fresh
 * databases, an in-process Kafka broker — once per test JVM for the default topic layout, and stopped when the JVM
 * exits. {@link #start(Map)} starts another one for a different configuration.
 */
public final class RunningSystem {

    /** The tests' redirect URI, registered in the dev issuer; the login script reads the code from it. */
    private static final URI TEST_REDIRECT = URI.create("http://127.0.0.1/test-callback");

    /**
     * Settings every test system runs with: a small clock skew so that a token of the short-lived test client is
     * refused soon, and a short grace for expired tokens; small per-connection buffers so that a stalled client overflows them quickly; a short Kafka send
     * timeout so that posts during a broker restart fail fast and are retried.
     */
    private static final Map<String, String> TEST_SETTINGS = Map.ofEntries(
            Map.entry("PARLEY_TOKEN_CLOCK_SKEW", "1s"),
            Map.entry("PARLEY_CHAT_STREAM_SUBSCRIBER_BUFFER", "128"),
            Map.entry("PARLEY_WS_OUTBOUND_QUEUE", "64"),
            Map.entry("PARLEY_CHAT_KAFKA_SEND_TIMEOUT", "3s"),
            Map.entry("PARLEY_WS_TOKEN_GRACE", "2s"),
            // Seven JVMs share two cores here; the first sign-ins after start-up can be slow. (GatewayEdgeIT tests
            // the auth timeout itself.)
            Map.entry("PARLEY_WS_AUTH_TIMEOUT", "30s"),
            // Scripted clients send much faster than people; the flood limit itself is tested in GatewayEdgeIT.
            Map.entry("PARLEY_WS_FRAMES_PER_SECOND", "5000"),
            Map.entry("PARLEY_WS_FRAME_BURST", "5000"),
            // Every test signs in as the same three demo users; the per-room limit (5) stays as in production.
            Map.entry("PARLEY_ROOM_PASSWORD_ATTEMPTS_PER_USER", "1000"),
            // Scripted clients send as few users from many connections; the per-user limit is tested in
            // UserSendLimitTest (gateway).
            Map.entry("PARLEY_WS_USER_MESSAGES_PER_SECOND", "100000"),
            Map.entry("PARLEY_WS_USER_MESSAGE_BURST", "100000"));

    /**
     * The dev issuer's users: its three demo users exactly as it has them by default, and dave, whom only
     * DeletedAccountIT signs in as, because it deletes his account. NOTE: giving the issuer's users replaces its
     * defaults, hence the repetition; dave is added here rather than to those defaults so that local runs keep the
     * three demo users the launcher's banner and the docs list, and no one signs in as a user kept for deletion.
     */
    private static final Map<String, String> ISSUER_USERS = issuerUsers("alice", "Alice Liddell", "bob", "Bob Builder",
            "carol", "Carol Danvers", "dave", "Dave Bowman");

    /** Sign-in attempts {@link #connect} makes when the gateway answers with a retryable refusal. */
    private static final int SIGN_IN_ATTEMPTS = 3;

    private static ParleySystem shared;

    /** Receives the spans of every system these tests start (all of them sampled). */
    private static final TraceCollector TRACES = TraceCollector.start();

    private final ParleySystem system;

    private RunningSystem(ParleySystem system) {
        this.system = system;
    }

    /** The shared system if it is running, for failure reports (which must not start one). */
    static synchronized Optional<ParleySystem> running() {
        return Optional.ofNullable(shared);
    }

    /** The system shared by the tests of this JVM (per-room topics). */
    public static synchronized RunningSystem get() {
        if (shared == null) {
            shared = launch(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "parley-system-stop"));
            new RunningSystem(shared).warmUp();
        }
        return new RunningSystem(shared);
    }

    /**
     * Another system with some settings changed; the caller closes it. The shared system is stopped first (and
     * started again by a later {@link #get()}), so that no more than one system loads the machine at a time.
     */
    public static synchronized RunningSystem start(Map<String, String> settings) {
        if (shared != null) {
            shared.close();
            shared = null;
        }
        RunningSystem started = new RunningSystem(launch(settings));
        started.warmUp();
        return started;
    }

    /**
     * One sign-in on every gateway, so that the first test does not pay for cold JVMs (the first key fetch, the first
     * RSocket connections, code not yet compiled) on a machine where seven of them share two cores.
     */
    private void warmUp() {
        String token = accessToken("alice");
        for (int index = 0; index < system.gatewayUris().size(); index++) {
            connect(index, token).close();
        }
    }

    private static ParleySystem launch(Map<String, String> settings) {
        Path home = Path.of(System.getProperty("parley.home", "..")).toAbsolutePath().normalize();
        String prefix = "parley_it_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> all = new HashMap<>(ISSUER_USERS);
        all.putAll(TEST_SETTINGS);
        all.put("PARLEY_TRACING_SAMPLING", "1.0");
        all.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", TRACES.endpoint().toString());
        // NOTE: the issuer keeps its signing key in a file, so that attack tests can sign tokens that are valid in
        // every respect but one (issuer, audience, expiry) — what a leaked key or another tenant would produce.
        all.put("PARLEY_ISSUER_KEY_FILE", home.resolve("system-tests/target/" + prefix + "-issuer-key.json").toString());
        all.putAll(settings);
        return ParleySystem.builder()
                .home(home)
                .gateways(2)
                .chatServices(2)
                .roomServices(1)
                .databasePrefix(prefix)
                .dropDatabasesOnClose(true)
                .fixedPorts(false)
                .serviceSettings(all)
                .logDirectory(home.resolve("system-tests/target/system-logs/" + prefix))
                .start();
    }

    /**
     * The issuer's {@code parley.issuer.users} as environment variables (relaxed binding of an indexed list), each
     * user with the password {@code <username>-pass} that {@link #accessToken} signs in with.
     */
    private static Map<String, String> issuerUsers(String... usernamesAndNames) {
        Map<String, String> settings = new HashMap<>();
        for (int index = 0; index < usernamesAndNames.length / 2; index++) {
            String username = usernamesAndNames[2 * index];
            String prefix = "PARLEY_ISSUER_USERS_" + index + "_";
            settings.put(prefix + "USERNAME", username);
            settings.put(prefix + "PASSWORD", username + "-pass");
            settings.put(prefix + "NAME", usernamesAndNames[2 * index + 1]);
            settings.put(prefix + "EMAIL", username + "@parley.test");
        }
        return Map.copyOf(settings);
    }

    /** The spans the services have exported so far. */
    public static TraceCollector traces() {
        return TRACES;
    }

    /** The dev issuer's signing key (a private JWK), for tests that forge tokens. */
    public Path issuerKeyFile() {
        return Path.of(system.instance("dev-issuer").environment().get("PARLEY_ISSUER_KEY_FILE"));
    }

    public ParleySystem system() {
        return system;
    }

    /** Signs a demo user in through the dev issuer, as the web client does (authorization code + PKCE). */
    public String accessToken(String user) {
        return new OidcLogin(system.issuerUri(), "parley-web", TEST_REDIRECT).login(user, user + "-pass")
                .accessToken();
    }

    /** A token of the dev issuer's service client (client credentials) with {@code scopes}, space-separated. */
    public String serviceToken(String scopes) {
        return new OidcLogin(system.issuerUri(), "parley-web", TEST_REDIRECT)
                .clientCredentials("parley-service", "parley-service-secret", scopes);
    }

    /**
     * A requester straight to a service instance's RSocket port, past the gateway: JSON data, bearer tokens as
     * authentication metadata, answers readable as strings. {@code portVariable} is the instance's
     * {@code PARLEY_*_RSOCKET_PORT}.
     */
    public RSocketRequester rsocket(String instance, String portVariable) {
        int port = Integer.parseInt(system.instance(instance).environment().get(portVariable));
        RSocketStrategies strategies = RSocketStrategies.builder()
                .encoder(new BearerTokenAuthenticationEncoder(), new JacksonJsonEncoder())
                .decoder(new JacksonJsonDecoder(), StringDecoder.allMimeTypes())
                .encoder(CharSequenceEncoder.allMimeTypes())
                .build();
        return RSocketRequester.builder().rsocketStrategies(strategies)
                .dataMimeType(MimeTypeUtils.APPLICATION_JSON)
                .tcp("127.0.0.1", port);
    }

    /** A token from the dev issuer's test client whose tokens expire after 3 seconds. */
    public String shortLivedAccessToken(String user) {
        return new OidcLogin(system.issuerUri(), "parley-short-lived", TEST_REDIRECT).login(user, user + "-pass")
                .accessToken();
    }

    /** The WebSocket of gateway {@code index} (0-based). */
    public URI webSocket(int index) {
        URI gateway = system.gatewayUris().get(index);
        return URI.create("ws://127.0.0.1:" + gateway.getPort() + "/ws");
    }

    /** A connection to gateway {@code index}, signed in as {@code token}'s user. */
    public ProtocolClient connect(int index, String token) {
        for (int attempt = 1;; attempt++) {
            ProtocolClient client = ProtocolClient.connect(webSocket(index));
            String outcome;
            try {
                JsonNode answer = client.signIn(token);
                if ("ready".equals(ProtocolClient.type(answer)) || !answer.get("retryable").asBoolean()
                        || attempt == SIGN_IN_ATTEMPTS) {
                    return client;
                }
                outcome = answer.toString();
            }
            catch (AssertionError e) {
                if (!client.isClosed() || attempt == SIGN_IN_ATTEMPTS) {
                    throw e;
                }
                outcome = "connection lost: " + e.getMessage();
            }
            // As docs/protocol.md asks of every client: a retryable refusal or a lost connection means reconnect
            // after a pause. Said out loud, so that a sign-in that needed it is visible in the test output.
            System.err.printf("sign-in on gateway %d, attempt %d: %s; reconnecting%n", index, attempt, outcome);
            client.close();
            pause(Duration.ofSeconds(attempt));
        }
    }

    /** Sleeps, failing the test if interrupted. */
    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
