package dev.parley.launcher;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * README command 1: starts the whole system on the conventional ports and runs until Ctrl-C. Arguments
 * {@code --gateways=N} and {@code --chat-services=N} (or PARLEY_GATEWAYS, PARLEY_CHAT_SERVICES) scale it out.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        Options options = Options.parse(args, env);
        ParleySystem system;
        try {
            system = ParleySystem.builder()
                .gateways(options.gateways())
                .chatServices(options.chatServices())
                .databasePrefix("parley")
                .dropDatabasesOnClose(false)
                .fixedPorts(true)
                .start();
        }
        catch (RuntimeException e) {
            System.err.println();
            System.err.println("Parley did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(banner(system));
        // NOTE: Ctrl-C runs the system's shutdown hook (registered by start()); this thread only has to stay alive.
        new CountDownLatch(1).await();
    }

    static String banner(ParleySystem system) {
        String line = "=".repeat(72);
        StringBuilder text = new StringBuilder();
        text.append(System.lineSeparator()).append(line).append(System.lineSeparator());
        text.append("  Parley is running.").append(System.lineSeparator());
        text.append("  Open:        http://localhost:").append(system.gatewayUris().get(0).getPort()).append('/')
            .append(System.lineSeparator());
        for (int i = 1; i < system.gatewayUris().size(); i++) {
            text.append("  also:        http://localhost:").append(system.gatewayUris().get(i).getPort()).append('/')
                .append(System.lineSeparator());
        }
        text.append("  Issuer:      ").append(system.issuerUri()).append(System.lineSeparator());
        text.append("  Users:       alice/alice-pass, bob/bob-pass, carol/carol-pass").append(System.lineSeparator());
        text.append("  Kafka:       ").append(system.kafkaBootstrap()).append(System.lineSeparator());
        text.append("  Databases:   ").append(system.databaseUrl(system.roomDatabase())).append(", ")
            .append(system.chatDatabase()).append(System.lineSeparator());
        text.append("  Logs:        ").append(system.logDirectory()).append(System.lineSeparator());
        text.append("  Ctrl-C stops everything.").append(System.lineSeparator());
        text.append(line);
        return text.toString();
    }

    /** The launcher's two settings; command-line arguments win over environment variables. */
    record Options(int gateways, int chatServices) {

        static Options parse(String[] args, Map<String, String> env) {
            int gateways = Integer.parseInt(ParleySystem.value(env, "PARLEY_GATEWAYS", "1"));
            int chatServices = Integer.parseInt(ParleySystem.value(env, "PARLEY_CHAT_SERVICES", "1"));
            for (String arg : args) {
                if (arg.startsWith("--gateways=")) {
                    gateways = Integer.parseInt(arg.substring("--gateways=".length()));
                }
                else if (arg.startsWith("--chat-services=")) {
                    chatServices = Integer.parseInt(arg.substring("--chat-services=".length()));
                }
                else {
                    throw new IllegalArgumentException("Unknown argument " + arg
                            + "; expected --gateways=N or --chat-services=N");
                }
            }
            return new Options(gateways, chatServices);
        }
    }
}
