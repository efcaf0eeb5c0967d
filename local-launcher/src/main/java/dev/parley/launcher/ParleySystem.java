package dev.parley.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole Parley system on this machine: PostgreSQL (the local server or an embedded one), one Kafka broker in
 * this JVM, and the dev issuer, room-service, chat-service and gateway as child JVMs started from their built jars.
 * Used by {@link Main} for the local run and by the end-to-end tests.
 */
public final class ParleySystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParleySystem.class);

    static final String DEFAULT_JAVA_OPTIONS = "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto";

    private final Builder settings;

    private final Path home;

    private final PortPlan ports;

    private final AtomicBoolean closed = new AtomicBoolean();

    private final Map<String, Long> childPids = new ConcurrentHashMap<>();

    private final List<ServiceInstance> instances = new ArrayList<>();

    private final Thread shutdownHook = new Thread(this::close, "parley-launcher-shutdown");

    private LocalDatabase database;

    private KafkaBroker kafka;

    private String kafkaBootstrap;

    private ChildWatchdog watchdog;

    private ServiceEnvironment environment;

    private ParleySystem(Builder settings, Path home, PortPlan ports) {
        this.settings = settings;
        this.home = home;
        this.ports = ports;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The issuer as the services know it: exactly the tokens' {@code iss} claim. */
    public URI issuerUri() {
        return URI.create(environment.issuerUri());
    }

    /** Each gateway's base URI, gateway-1 first. */
    public List<URI> gatewayUris() {
        return ports.gateways().stream().map(port -> URI.create("http://localhost:" + port)).toList();
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /**
     * Restarts the in-process Kafka broker as a real broker restart would: it shuts down (every client loses its
     * connection), then starts again on the same port with the same data directory, so topics, records and committed
     * offsets survive. Returns once the broker runs again; the services reconnect on their own. For failure tests.
     *
     * @throws IllegalStateException if the system uses an external broker ({@code PARLEY_KAFKA_BOOTSTRAP}) or is closed
     */
    public void restartKafka() {
        if (kafka == null || closed.get()) {
            throw new IllegalStateException("No in-process Kafka broker to restart (external broker, or closed)");
        }
        log.info("Restarting the Kafka broker on {}", kafkaBootstrap);
        kafka.restart();
        log.info("Kafka broker restarted on {}", kafkaBootstrap);
    }

    /** A JDBC URL for one of this system's databases, e.g. {@code databaseUrl(system.roomDatabase())}. */
    public String databaseUrl(String database) {
        return database().jdbcUrl(database);
    }

    public String roomDatabase() {
        return database().roomDatabase();
    }

    public String chatDatabase() {
        return database().chatDatabase();
    }

    public String databaseUser() {
        return database().user();
    }

    public String databasePassword() {
        return database().password();
    }

    /** Every child process, in start order: dev-issuer, room services, chat services, gateways. */
    public List<ServiceInstance> instances() {
        return List.copyOf(instances);
    }

    /** The instance with this name ("gateway-1", "chat-service-2", "dev-issuer"...). */
    public ServiceInstance instance(String name) {
        return instances.stream().filter(instance -> instance.name().equals(name)).findFirst()
            .orElseThrow(() -> new NoSuchElementException("No instance " + name + " in " + instances));
    }

    public Path home() {
        return home;
    }

    public Path logDirectory() {
        return settings.logDirectory;
    }

    /**
     * Stops every child (SIGTERM, SIGKILL after the stop timeout), then Kafka, drops the databases if asked, and
     * stops the embedded PostgreSQL if one was started. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("Stopping Parley");
        List<ServiceInstance> reversed = new ArrayList<>(instances);
        Collections.reverse(reversed);
        reversed.forEach(ServiceInstance::requestStop);
        reversed.forEach(this::quietly);
        closeQuietly(watchdog);
        closeQuietly(kafka);
        if (database != null && settings.dropDatabasesOnClose) {
            try {
                database.dropDatabases();
            }
            catch (RuntimeException e) {
                log.warn("Could not drop the databases", e);
            }
        }
        closeQuietly(database);
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
            catch (IllegalStateException e) {
                // NOTE: the JVM is already shutting down; the hook is running or about to, and will find us closed.
            }
        }
        log.info("Parley stopped");
    }

    private void start() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            startAll();
        }
        catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startAll() {
        Map<String, String> env = settings.environment;
        prepareLogDirectory();
        DatabaseSettings requested = new DatabaseSettings(value(env, "PARLEY_DB_HOST", "127.0.0.1"),
                Integer.parseInt(value(env, "PARLEY_DB_PORT", "5432")), value(env, "PARLEY_DB_USER", "postgres"),
                value(env, "PARLEY_DB_PASSWORD", ""), settings.databasePrefix + "_room",
                settings.databasePrefix + "_chat");
        database = LocalDatabase.open(requested, settings.fixedPorts ? requested.port() : 0);
        String external = value(env, "PARLEY_KAFKA_BOOTSTRAP", "");
        if (external.isEmpty()) {
            int port = settings.fixedPorts ? Integer.parseInt(value(env, "PARLEY_KAFKA_PORT", "9092"))
                    : PortPlan.freePort();
            kafka = KafkaBroker.start(port);
            kafkaBootstrap = kafka.bootstrapServers();
            log.info("Kafka broker listens on {}", kafkaBootstrap);
        }
        else {
            kafkaBootstrap = external;
            log.info("Using the Kafka broker at {}", kafkaBootstrap);
        }
        watchdog = ChildWatchdog.start(settings.logDirectory);
        environment = new ServiceEnvironment(ports, database.settings(), kafkaBootstrap,
                value(env, "PARLEY_AUDIENCE", "parley"), ProcessHandle.current().pid());
        List<String> javaOptions = javaOptions(value(env, "PARLEY_SERVICE_JAVA_OPTS", DEFAULT_JAVA_OPTIONS));
        List<ServiceInstance> issuer = create(ServiceKind.ISSUER, 1, javaOptions);
        List<ServiceInstance> rooms = create(ServiceKind.ROOM, settings.roomServices, javaOptions);
        List<ServiceInstance> chats = create(ServiceKind.CHAT, settings.chatServices, javaOptions);
        List<ServiceInstance> gateways = create(ServiceKind.GATEWAY, settings.gateways, javaOptions);
        // NOTE: the issuer and room-service need nothing but the database, so they boot together; chat-service
        // calls room-service and the gateway calls both, so they follow in that order.
        List<ServiceInstance> first = new ArrayList<>(issuer);
        first.addAll(rooms);
        startTogether(first);
        startTogether(chats);
        startTogether(gateways);
        log.info("Parley is up: gateways {}, issuer {}", gatewayUris(), issuerUri());
    }

    private List<ServiceInstance> create(ServiceKind kind, int count, List<String> javaOptions) {
        Path jar = jar(home, kind);
        List<ServiceInstance> created = new ArrayList<>();
        for (int index = 1; index <= count; index++) {
            String name = kind.instanceName(index);
            int httpPort = environment.httpPort(kind, index);
            List<URI> health = kind.healthPaths().stream()
                .map(path -> URI.create("http://127.0.0.1:" + httpPort + path)).toList();
            ServiceInstance instance = new ServiceInstance(name, javaCommand(javaBinary(), javaOptions, jar),
                    withServiceSettings(environment.forInstance(kind, index)), httpPort, health,
                    settings.logDirectory.resolve(name + ".log"),
                    new ServiceInstance.Timeouts(settings.startTimeout, settings.stopTimeout), this::pidChanged);
            created.add(instance);
            instances.add(instance);
        }
        return created;
    }

    private Map<String, String> withServiceSettings(Map<String, String> computed) {
        Map<String, String> merged = new LinkedHashMap<>(settings.serviceSettings);
        merged.putAll(computed);
        return merged;
    }

    private void startTogether(List<ServiceInstance> group) {
        List<Process> processes = group.stream().map(ServiceInstance::launch).toList();
        for (int i = 0; i < group.size(); i++) {
            group.get(i).awaitHealthy(processes.get(i));
        }
    }

    private void pidChanged(String name, Long pid) {
        if (pid == null) {
            childPids.remove(name);
        }
        else {
            childPids.put(name, pid);
        }
        if (watchdog != null) {
            watchdog.watch(List.copyOf(childPids.values()));
        }
    }

    private void prepareLogDirectory() {
        try {
            Files.createDirectories(settings.logDirectory);
            for (ServiceKind kind : ServiceKind.values()) {
                for (int index = 1; index <= PortPlan.MAX_INSTANCES; index++) {
                    Files.deleteIfExists(settings.logDirectory.resolve(kind.instanceName(index) + ".log"));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the log directory " + settings.logDirectory, e);
        }
    }

    private DatabaseSettings database() {
        if (database == null) {
            throw new IllegalStateException("The system has not started");
        }
        return database.settings();
    }

    private void quietly(ServiceInstance instance) {
        try {
            instance.stop();
        }
        catch (RuntimeException e) {
            log.warn("Could not stop {}", instance.name(), e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        }
        catch (Exception e) {
            log.warn("Could not close {}", closeable, e);
        }
    }

    /** {@code <home>/<module>/target/<module>-exec.jar}, or a message saying to build it first. */
    static Path jar(Path home, ServiceKind kind) {
        Path jar = home.resolve(kind.module()).resolve("target").resolve(kind.module() + "-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Missing " + jar + ": build the services first with "
                    + "`./mvnw -B package -DskipTests` in " + home);
        }
        return jar;
    }

    static List<String> javaCommand(String javaBinary, List<String> javaOptions, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    static List<String> javaOptions(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(option -> !option.isEmpty()).toList();
    }

    /** The java binary running this launcher, so children use the same JDK. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static String value(Map<String, String> env, String key, String fallback) {
        String value = env.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Settings for a system; {@link #start()} launches it. */
    public static final class Builder {

        private static final Pattern DATABASE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,40}");

        private Path home;

        private int gateways = 1;

        private int chatServices = 1;

        private int roomServices = 1;

        private String databasePrefix = "parley";

        private boolean dropDatabasesOnClose;

        private boolean fixedPorts;

        private Path logDirectory;

        private Duration startTimeout = Duration.ofSeconds(120);

        private Duration stopTimeout = Duration.ofSeconds(30);

        private Map<String, String> environment = System.getenv();

        private Map<String, String> serviceSettings = Map.of();

        private Builder() {
        }

        /** The repository root holding {@code <module>/target/<module>-exec.jar}; found from user.dir by default. */
        public Builder home(Path home) {
            this.home = Objects.requireNonNull(home);
            return this;
        }

        public Builder gateways(int count) {
            this.gateways = count;
            return this;
        }

        public Builder chatServices(int count) {
            this.chatServices = count;
            return this;
        }

        public Builder roomServices(int count) {
            this.roomServices = count;
            return this;
        }

        /** Databases are {@code <prefix>_room} and {@code <prefix>_chat}; lower-case letters, digits, underscores. */
        public Builder databasePrefix(String prefix) {
            if (!DATABASE_PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("Database prefix must match " + DATABASE_PREFIX + ": " + prefix);
            }
            this.databasePrefix = prefix;
            return this;
        }

        public Builder dropDatabasesOnClose(boolean drop) {
            this.dropDatabasesOnClose = drop;
            return this;
        }

        /** True: the conventional ports (gateway 8080, issuer 9000, Kafka 9092...); false: free ephemeral ports. */
        public Builder fixedPorts(boolean fixed) {
            this.fixedPorts = fixed;
            return this;
        }

        /** Where each process's output goes, as {@code <name>.log}; default {@code <home>/.parley/logs}. */
        public Builder logDirectory(Path directory) {
            this.logDirectory = Objects.requireNonNull(directory);
            return this;
        }

        /** How long each process may take to become healthy; default 120 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** How long a stopped process may take to exit after SIGTERM before it is killed; default 30 s. */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * Settings (environment variables such as {@code PARLEY_TOKEN_CLOCK_SKEW}) handed to every service process
         * on top of the ones the launcher computes; the launcher's own choices (ports, databases, URIs) win.
         */
        public Builder serviceSettings(Map<String, String> settings) {
            this.serviceSettings = Map.copyOf(settings);
            return this;
        }

        /** The variables read for PARLEY_DB_*, PARLEY_KAFKA_*, PARLEY_SERVICE_JAVA_OPTS...; default the process's. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * Starts everything and returns once every process is healthy.
         * @throws IllegalStateException with the end of the failing process's log; whatever started is stopped
         */
        public ParleySystem start() {
            if (home == null) {
                String configured = value(environment, "PARLEY_HOME", "");
                home = configured.isEmpty() ? HomeDirectory.findOrFail(Path.of(System.getProperty("user.dir")))
                        : Path.of(configured);
            }
            home = home.toAbsolutePath().normalize();
            if (logDirectory == null) {
                logDirectory = home.resolve(".parley").resolve("logs");
            }
            logDirectory = logDirectory.toAbsolutePath().normalize();
            for (ServiceKind kind : ServiceKind.values()) {
                jar(home, kind);
            }
            PortPlan ports = fixedPorts ? PortPlan.fixed(gateways, chatServices, roomServices)
                    : PortPlan.free(gateways, chatServices, roomServices);
            if (fixedPorts) {
                // NOTE: otherwise a health check could be answered by whatever already holds the port.
                List<Integer> busy = ports.all().stream().filter(PortPlan::inUse).toList();
                if (!busy.isEmpty()) {
                    throw new IllegalStateException("Port(s) " + busy + " are already in use; is Parley (or "
                            + "something else) already running? Stop it, or use fixedPorts(false)");
                }
            }
            ParleySystem system = new ParleySystem(this, home, ports);
            system.start();
            return system;
        }
    }
}
