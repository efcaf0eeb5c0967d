package dev.parley.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * Every TCP port the system listens on, decided before anything starts so that each process can be told where the
 * others are. Instance n of a service is at list index n-1.
 */
record PortPlan(int issuer, List<Integer> gateways, List<Integer> roomRSocket, List<Integer> roomHttp,
        List<Integer> chatRSocket, List<Integer> chatHttp) {

    /** Fixed ports are spaced by this much per extra instance, so that instance n of every service stays apart. */
    static final int INSTANCE_STRIDE = 10;

    /** Fixed ports stay below the issuer's 9000 for up to this many instances of a service. */
    static final int MAX_INSTANCES = 10;

    PortPlan {
        gateways = List.copyOf(gateways);
        roomRSocket = List.copyOf(roomRSocket);
        roomHttp = List.copyOf(roomHttp);
        chatRSocket = List.copyOf(chatRSocket);
        chatHttp = List.copyOf(chatHttp);
    }

    /**
     * The conventional ports of the local run: issuer 9000, gateway 8080, room 7001/8081, chat 7002/8082; instance
     * n adds 10·(n−1) (gateway-2 is 8090, room-service-2 is 7011/8091, chat-service-2 is 7012/8092).
     */
    static PortPlan fixed(int gateways, int chatServices, int roomServices) {
        checkCounts(gateways, chatServices, roomServices);
        return new PortPlan(9000, stride(8080, gateways), stride(7001, roomServices), stride(8081, roomServices),
                stride(7002, chatServices), stride(8082, chatServices));
    }

    /** Ports the operating system reports free right now, all distinct; for tests that run beside other things. */
    static PortPlan free(int gateways, int chatServices, int roomServices) {
        return free(gateways, chatServices, roomServices, PortPlan::freePort);
    }

    static PortPlan free(int gateways, int chatServices, int roomServices, IntSupplier source) {
        checkCounts(gateways, chatServices, roomServices);
        DistinctPorts ports = new DistinctPorts(source);
        return new PortPlan(ports.next(), ports.next(gateways), ports.next(roomServices), ports.next(roomServices),
                ports.next(chatServices), ports.next(chatServices));
    }

    /** Every port of the plan, issuer first. */
    List<Integer> all() {
        List<Integer> all = new ArrayList<>(List.of(issuer));
        all.addAll(gateways);
        all.addAll(roomRSocket);
        all.addAll(roomHttp);
        all.addAll(chatRSocket);
        all.addAll(chatHttp);
        return all;
    }

    /** Whether something already listens on {@code port}, on any interface. */
    static boolean inUse(int port) {
        try {
            new ServerSocket(port).close();
            return false;
        }
        catch (IOException e) {
            return true;
        }
    }

    /**
     * Free ports are picked here, below Linux's ephemeral range (32768–60999 by default). NOTE: a port the kernel hands
     * out for port 0 is an ephemeral one, and between the pick and the service's bind the kernel could hand the same
     * port to any outgoing connection on the machine (a chat-service then failed to start with "Failed to bind").
     */
    static final int FIRST_PICKED_PORT = 20_000;

    static final int LAST_PICKED_PORT = 32_767;

    /** A port below the ephemeral range that nothing listens on, on any interface, at the moment of asking. */
    static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_PICKED_PORT, LAST_PICKED_PORT + 1);
            if (!inUse(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on the loopback interface", e);
        }
    }

    private static List<Integer> stride(int base, int count) {
        List<Integer> ports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ports.add(base + i * INSTANCE_STRIDE);
        }
        return ports;
    }

    private static void checkCounts(int gateways, int chatServices, int roomServices) {
        checkCount("gateways", gateways);
        checkCount("chat services", chatServices);
        checkCount("room services", roomServices);
    }

    private static void checkCount(String what, int count) {
        if (count < 1 || count > MAX_INSTANCES) {
            throw new IllegalArgumentException(
                    "The number of " + what + " must be between 1 and " + MAX_INSTANCES + ", not " + count);
        }
    }

    /** Hands out ports from a source, skipping any it already handed out (the OS may repeat a just-closed one). */
    private static final class DistinctPorts {

        private final IntSupplier source;

        private final Set<Integer> used = new HashSet<>();

        DistinctPorts(IntSupplier source) {
            this.source = source;
        }

        int next() {
            for (int attempt = 0; attempt < 100; attempt++) {
                int port = source.getAsInt();
                if (used.add(port)) {
                    return port;
                }
            }
            throw new IllegalStateException("Could not find enough distinct free ports");
        }

        List<Integer> next(int count) {
            List<Integer> ports = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ports.add(next());
            }
            return ports;
        }
    }
}
