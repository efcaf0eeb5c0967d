package dev.parley.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

import dev.parley.load.raw.KafkaOptions;
import dev.parley.load.raw.PostgresOptions;

/**
 * Everything a run is told, valid from construction. {@link #parse} reads {@code --name=value} arguments over the
 * scenario's defaults; {@link #HELP} lists them.
 *
 * @param scenario what to run
 * @param rooms rooms (R)
 * @param members connections per room (M); each enters its room
 * @param senders sending connections (S), spread over the rooms, each one of its room's members
 * @param rate messages per second in total, spread evenly over the senders
 * @param duration how long to send (per step in the throughput scenario: see {@code stepDuration})
 * @param gateways WebSocket URIs of the gateways; connection i goes to gateway i mod G
 * @param issuer the OIDC issuer that signs the users in
 * @param users who signs in; connection i is user i mod U (a connection, not a user, is what costs the system)
 * @param maxInFlight sends without acknowledgement beyond which a scheduled send is skipped (and counted)
 * @param drain how long to wait after sending for the last acknowledgements and deliveries
 * @param warmup how long to send at the first rate before measuring (then waiting for it all to arrive); its
 *     latencies are discarded, its messages checked like the others
 * @param output where the JSON result goes
 * @param startRate throughput: the first step's rate
 * @param rateStep throughput: how much each step adds
 * @param stepDuration throughput: how long each step sends
 * @param maxRate throughput: the last step's rate at most
 * @param p99LimitMillis throughput: the delivery p99 a step must stay under to hold
 * @param levels connections: the numbers of idle connections to measure at
 * @param gatewayPid connections: the measured gateway's pid; 0 finds it through /proc by its port
 * @param stormUsers join storm: connections that each join a password room at once
 * @param stormRooms join storm: password rooms they join
 * @param openConcurrency connections being opened (or requests outstanding) at once during setup
 * @param joinConcurrency room joins outstanding at once during setup (each costs a bcrypt check)
 * @param settle connections: the pause before measuring a level
 * @param postgres raw-postgres: the server and the levels ({@code --duration} is each level's)
 * @param kafka raw-kafka: the broker and the producer (with {@code --rate}, {@code --duration},
 *     {@code --max-in-flight} and {@code --drain})
 */
public record LoadOptions(Scenario scenario, int rooms, int members, int senders, double rate, Duration duration,
        List<URI> gateways, URI issuer, List<Credentials> users, int maxInFlight, Duration drain, Duration warmup,
        Path output,
        double startRate, double rateStep, Duration stepDuration, double maxRate, double p99LimitMillis,
        List<Integer> levels, long gatewayPid, int stormUsers, int stormRooms, int openConcurrency,
        int joinConcurrency, Duration settle, PostgresOptions postgres, KafkaOptions kafka) {

    /** The options, their defaults and meaning, as printed by {@code --help}. */
    public static final String HELP = """
            java -jar load-test/target/load-test-exec.jar --scenario=NAME [--option=value ...]

              --scenario=latency|throughput|connections|cross|joinstorm|raw-postgres|raw-kafka   (default latency)
              --rooms=10 --members=20 --senders=10 --rate=200 --duration=30s
                                       rooms × members (connections), senders, messages/s in total, send time
              --gateways=http://127.0.0.1:8080[,url2]   gateways (http://host:port, ws://host:port/ws or host:port)
              --issuer=http://localhost:9000            the dev issuer
              --users=alice,bob,carol                   users (password: <user>-pass); or
              --load-users=N                            users load-1..load-N (see --issuer-users)
              --max-in-flight=2000 --drain=15s          open-loop bound; wait for stragglers after sending
              --warmup=5s                               send (unmeasured) before measuring; 0s for none
              --output=target/load-<scenario>-<time>.json
              throughput:  --start-rate=250 --rate-step=250 --step-duration=10s --max-rate=10000 --p99-limit-ms=100
              connections: --levels=1000,5000,10000,15000 --gateway-pid=0 (0: found by port) --settle=3s
              joinstorm:   --storm-users=200 --storm-rooms=10
              setup:       --open-concurrency=32 --join-concurrency=8

              The raw limits of the machine, without Parley (no system, issuer or users needed):
              raw-postgres: single-row insert transactions on each number of connections, then multi-row
                            inserts (rows per INSERT × connections), each level for --duration (10s here), into
                            a scratch database parley_raw_<random> that is dropped at the end
                            --pg-host=127.0.0.1 --pg-port=5432 --pg-user=postgres --pg-password=
                            --insert-connections=1,2,4,8,16 --batch-rows=10,50,200 --batch-connections=1,4
              raw-kafka:    --records as fast as --max-in-flight allows, then --rate (2000 here) records/s for
                            --duration (10s here), produced and consumed in this JVM through a fresh one-partition
                            topic that is deleted at the end (acks=all, idempotent producer)
                            --kafka-bootstrap=localhost:9092 --linger-ms=1 --records=200000

            java -jar load-test/target/load-test-exec.jar --issuer-users=N
              prints SPRING_APPLICATION_JSON that gives the dev issuer the demo users plus load-1..load-N
            """;

    private static final Map<String, String> DEFAULTS = defaults();

    public LoadOptions {
        positive(rooms, "rooms");
        positive(members, "members");
        positive(senders, "senders");
        positive(maxInFlight, "max-in-flight");
        positive(openConcurrency, "open-concurrency");
        positive(joinConcurrency, "join-concurrency");
        if (senders > rooms * members) {
            throw new IllegalArgumentException("--senders must not exceed rooms × members");
        }
        if (!(rate > 0) || !(startRate > 0) || !(rateStep >= 0) || !(maxRate > 0) || !(p99LimitMillis > 0)) {
            throw new IllegalArgumentException("rates and limits must be positive");
        }
        if (duration.isNegative() || duration.isZero() || stepDuration.isZero() || stepDuration.isNegative()) {
            throw new IllegalArgumentException("--duration and --step-duration must be positive");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        if (gateways.isEmpty() || users.isEmpty() || levels.isEmpty()) {
            throw new IllegalArgumentException("--gateways, --users and --levels must not be empty");
        }
        if (scenario == Scenario.JOINSTORM) {
            positive(stormUsers, "storm-users");
            positive(stormRooms, "storm-rooms");
        }
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(kafka, "kafka");
        gateways = List.copyOf(gateways);
        users = List.copyOf(users);
        levels = levels.stream().sorted().toList();
    }

    /** Reads {@code --name=value} arguments; every option not given takes the scenario's default. */
    public static LoadOptions parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            given.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        Scenario scenario = Scenario.of(given.getOrDefault("scenario", DEFAULTS.get("scenario")));
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        values.putAll(scenario.overrides());
        values.putAll(given);
        return fromValues(scenario, values);
    }

    private static LoadOptions fromValues(Scenario scenario, Map<String, String> values) {
        int loadUsers = integer(values, "load-users");
        List<Credentials> users = (loadUsers > 0) ? Credentials.loadUsers(loadUsers)
                : list(values.get("users")).stream().map(Credentials::demo).toList();
        String output = values.get("output");
        if (output.isBlank()) {
            output = "target/load-" + scenario.id() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + ".json";
        }
        return new LoadOptions(scenario, integer(values, "rooms"), integer(values, "members"),
                integer(values, "senders"), number(values, "rate"), duration(values, "duration"),
                list(values.get("gateways")).stream().map(LoadOptions::webSocket).toList(),
                URI.create(values.get("issuer").strip()), users, integer(values, "max-in-flight"),
                duration(values, "drain"), duration(values, "warmup"), Path.of(output), number(values, "start-rate"), number(values, "rate-step"),
                duration(values, "step-duration"), number(values, "max-rate"), number(values, "p99-limit-ms"),
                list(values.get("levels")).stream().map(Integer::parseInt).toList(),
                Long.parseLong(values.get("gateway-pid").strip()), integer(values, "storm-users"),
                integer(values, "storm-rooms"), integer(values, "open-concurrency"),
                integer(values, "join-concurrency"), duration(values, "settle"), postgres(values), kafka(values));
    }

    private static PostgresOptions postgres(Map<String, String> values) {
        return new PostgresOptions(values.get("pg-host").strip(), integer(values, "pg-port"),
                values.get("pg-user").strip(), values.get("pg-password"), duration(values, "duration"),
                integers(values, "insert-connections"), integers(values, "batch-rows"),
                integers(values, "batch-connections"));
    }

    private static KafkaOptions kafka(Map<String, String> values) {
        return new KafkaOptions(values.get("kafka-bootstrap").strip(), integer(values, "linger-ms"),
                integer(values, "records"), integer(values, "max-in-flight"), number(values, "rate"),
                duration(values, "duration"), duration(values, "drain"));
    }

    /** Total member connections (R × M). */
    int connections() {
        return this.rooms * this.members;
    }

    /** The options as given and defaulted, without any secret, for the result file. */
    Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("scenario", this.scenario.id());
        if (this.scenario == Scenario.RAW_POSTGRES) {
            described.putAll(this.postgres.describe());
            return described;
        }
        if (this.scenario == Scenario.RAW_KAFKA) {
            described.putAll(this.kafka.describe());
            return described;
        }
        described.put("rooms", this.rooms);
        described.put("members", this.members);
        described.put("senders", this.senders);
        described.put("rate", this.rate);
        described.put("duration", this.duration.toString());
        described.put("gateways", this.gateways.stream().map(URI::toString).toList());
        described.put("issuer", this.issuer.toString());
        described.put("users", this.users.size());
        described.put("maxInFlight", this.maxInFlight);
        described.put("warmup", this.warmup.toString());
        if (this.scenario == Scenario.THROUGHPUT) {
            described.put("startRate", this.startRate);
            described.put("rateStep", this.rateStep);
            described.put("stepDuration", this.stepDuration.toString());
            described.put("maxRate", this.maxRate);
            described.put("p99LimitMillis", this.p99LimitMillis);
        }
        if (this.scenario == Scenario.CONNECTIONS) {
            described.put("levels", this.levels);
        }
        if (this.scenario == Scenario.JOINSTORM) {
            described.put("stormUsers", this.stormUsers);
            described.put("stormRooms", this.stormRooms);
        }
        return described;
    }

    /** {@code http://host:port}, {@code ws://host:port/ws} or {@code host:port}, as the gateway's WebSocket URI. */
    static URI webSocket(String gateway) {
        String value = gateway.strip().replaceAll("/+$", "");
        if (!value.contains("://")) {
            value = "ws://" + value;
        }
        URI uri = URI.create(value);
        String scheme = switch (uri.getScheme()) {
            case "http", "ws" -> "ws";
            case "https", "wss" -> "wss";
            default -> throw new IllegalArgumentException("not a gateway URL: " + gateway);
        };
        String path = (uri.getPath() == null || uri.getPath().isEmpty()) ? "/ws" : uri.getPath();
        return URI.create(scheme + "://" + uri.getAuthority() + path);
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, or a bare number of seconds. */
    static Duration duration(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
        }
        if (text.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)) * 60);
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("scenario", "latency");
        defaults.put("rooms", "10");
        defaults.put("members", "20");
        defaults.put("senders", "10");
        defaults.put("rate", "200");
        defaults.put("duration", "30s");
        defaults.put("gateways", "http://127.0.0.1:8080");
        defaults.put("issuer", "http://localhost:9000");
        defaults.put("users", "alice,bob,carol");
        defaults.put("load-users", "0");
        defaults.put("max-in-flight", "2000");
        defaults.put("drain", "15s");
        defaults.put("warmup", "5s");
        defaults.put("output", "");
        defaults.put("start-rate", "250");
        defaults.put("rate-step", "250");
        defaults.put("step-duration", "10s");
        defaults.put("max-rate", "10000");
        defaults.put("p99-limit-ms", "100");
        defaults.put("levels", "1000,5000,10000,15000");
        defaults.put("gateway-pid", "0");
        defaults.put("storm-users", "200");
        defaults.put("storm-rooms", "10");
        defaults.put("open-concurrency", "32");
        defaults.put("join-concurrency", "8");
        defaults.put("settle", "3s");
        defaults.put("pg-host", "127.0.0.1");
        defaults.put("pg-port", "5432");
        defaults.put("pg-user", "postgres");
        defaults.put("pg-password", "");
        defaults.put("insert-connections", "1,2,4,8,16");
        defaults.put("batch-rows", "10,50,200");
        defaults.put("batch-connections", "1,4");
        defaults.put("kafka-bootstrap", "localhost:9092");
        defaults.put("linger-ms", "1");
        defaults.put("records", "200000");
        return defaults;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter((item) -> !item.isEmpty()).toList();
    }

    private static List<Integer> integers(Map<String, String> values, String name) {
        return list(values.get(name)).stream().map(Integer::parseInt).toList();
    }

    private static int integer(Map<String, String> values, String name) {
        return Integer.parseInt(values.get(name).strip());
    }

    private static double number(Map<String, String> values, String name) {
        return Double.parseDouble(values.get(name).strip());
    }

    private static Duration duration(Map<String, String> values, String name) {
        return duration(values.get(name));
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
    }

    /**
     * A user the tool signs in as.
     *
     * @param username the login name
     * @param password the password
     */
    public record Credentials(String username, String password) {

        /** A demo user, whose password is {@code <name>-pass} in the dev issuer. */
        static Credentials demo(String username) {
            return new Credentials(username, username + "-pass");
        }

        /** load-1 … load-n, as {@code --issuer-users} gives them to the dev issuer. */
        static List<Credentials> loadUsers(int count) {
            return IntStream.rangeClosed(1, count).mapToObj((i) -> demo("load-" + i)).toList();
        }

        @Override
        public String toString() {
            return "Credentials[" + this.username + "]";
        }
    }

    /** The demo users plus load-1 … load-n, as JSON for SPRING_APPLICATION_JSON of the dev issuer. */
    static String issuerUsersJson(int count) {
        List<String> entries = new ArrayList<>();
        for (String demo : List.of("alice:Alice Liddell", "bob:Bob Builder", "carol:Carol Danvers")) {
            String name = demo.substring(0, demo.indexOf(':'));
            entries.add(userJson(name, demo.substring(demo.indexOf(':') + 1)));
        }
        Credentials.loadUsers(count).forEach((user) -> entries.add(userJson(user.username(), "Load " + user.username())));
        return "{\"parley\":{\"issuer\":{\"users\":[" + String.join(",", entries) + "]}}}";
    }

    private static String userJson(String name, String displayName) {
        return "{\"username\":\"" + name + "\",\"password\":\"" + name + "-pass\",\"name\":\"" + displayName
                + "\",\"email\":\"" + name + "@parley.test\"}";
    }
}
