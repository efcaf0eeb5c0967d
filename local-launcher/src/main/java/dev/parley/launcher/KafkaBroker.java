package dev.parley.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One KRaft Kafka node (broker and controller in one) inside this JVM, on a port chosen by the caller, with its data
 * in a temporary directory deleted on close. It can be {@link #restart() restarted} in place, as a real broker
 * restart: same ports, same data. Kept behind this class so that its implementation can change alone.
 */
final class KafkaBroker implements AutoCloseable {

    private final int port;

    // NOTE: chosen once: the controller's address is part of the metadata quorum, so a restart must keep it.
    private final int controllerPort;

    private final Path dataDirectory;

    private KafkaRaftServer server;

    private KafkaBroker(int port, Path dataDirectory) {
        this.port = port;
        this.controllerPort = PortPlan.freePort();
        this.dataDirectory = dataDirectory;
    }

    /** Formats fresh storage and starts the broker on {@code port}; returns when it accepts connections. */
    static KafkaBroker start(int port) {
        try {
            KafkaBroker broker = new KafkaBroker(port, Files.createTempDirectory("parley-kafka-"));
            broker.format();
            broker.startServer();
            return broker;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not create Kafka's data directory", e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Stops the broker (a controlled shutdown: clients see their connections close) and starts it again on the same
     * ports with the same data, so topics, records and committed offsets survive; returns once it is started again.
     */
    synchronized void restart() {
        if (server == null) {
            throw new IllegalStateException("The Kafka broker is not running");
        }
        stopServer();
        startServer();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            stopServer();
        }
        deleteRecursively(dataDirectory);
    }

    private void stopServer() {
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    private KafkaConfig config() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dataDirectory.toString());
        // NOTE: topics are the services' responsibility, as on a real cluster.
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        return KafkaConfig.fromProps(props, false);
    }

    private void format() {
        try {
            new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setDirectories(List.of(dataDirectory.toString()))
                    .setMetadataLogDirectory(dataDirectory.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        }
        catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + dataDirectory, e);
        }
    }

    private synchronized void startServer() {
        KafkaRaftServer started = new KafkaRaftServer(config(), Time.SYSTEM);
        started.startup();
        server = started;
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + root, e);
        }
    }
}
