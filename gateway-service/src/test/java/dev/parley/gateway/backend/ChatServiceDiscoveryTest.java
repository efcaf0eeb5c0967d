package dev.parley.gateway.backend;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.rsocket.RSocketRequester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

class ChatServiceDiscoveryTest {

    private static final URI HEADLESS = URI.create("tcp://chat-service-headless:7002");

    private final ChatInstances instances = new ChatInstances(List.of(instance(HEADLESS.toString())));

    @Test
    void makesEveryAddressOfTheNameAnInstanceAndFollowsAScaleUp() throws Exception {
        AtomicReference<List<InetAddress>> pods = new AtomicReference<>(List.of(ip(10, 0, 0, 1)));
        List<String> looked = new java.util.concurrent.CopyOnWriteArrayList<>();
        ChatServiceDiscovery discovery = discovery(host -> {
            looked.add(host);
            return pods.get();
        });
        discovery.start();
        try {
            assertThat(instances.addresses()).as("found before start() returns").containsExactly("tcp://10.0.0.1:7002");
            assertThat(looked).containsOnly("chat-service-headless");
            pods.set(List.of(ip(10, 0, 0, 2), ip(10, 0, 0, 1)));
            awaitAddresses(List.of("tcp://10.0.0.1:7002", "tcp://10.0.0.2:7002"));
        }
        finally {
            discovery.stop();
        }
        assertThat(discovery.isRunning()).isFalse();
    }

    @Test
    void keepsTheInstancesItFoundWhenALookupFailsOrFindsNothing() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        ChatServiceDiscovery discovery = discovery(host -> switch (lookups.incrementAndGet()) {
            case 1 -> List.of(ip(10, 0, 0, 1));
            case 2 -> List.of();
            default -> throw new UnknownHostException(host);
        });
        discovery.start();
        try {
            awaitAddresses(List.of("tcp://10.0.0.1:7002"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lookups.get() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(lookups).as("lookups, some failing").hasValueGreaterThanOrEqualTo(5);
            assertThat(instances.addresses()).containsExactly("tcp://10.0.0.1:7002");
        }
        finally {
            discovery.stop();
        }
    }

    @Test
    void writesAnIpv6AddressInBrackets() throws Exception {
        ChatServiceDiscovery discovery = discovery(host -> List.of(InetAddress.getByAddress(
                new byte[] { (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 })));

        assertThat(discovery.lookUp()).containsExactly("tcp://[fd00:0:0:0:0:0:0:1]:7002");
        assertThat(URI.create(discovery.lookUp().get(0)).getPort()).isEqualTo(7002);
    }

    @Test
    void staysIdleWhenDiscoveryIsOff() {
        ChatServiceDiscovery discovery = new ChatServiceDiscovery(instances, List.of(HEADLESS), Duration.ZERO,
                host -> {
                    throw new AssertionError("looked up although discovery is off");
                }, ChatServiceDiscoveryTest::instance);

        discovery.start();

        assertThat(discovery.isRunning()).isFalse();
        assertThat(instances.addresses()).containsExactly(HEADLESS.toString());
    }

    @Test
    void refusesANameWithoutAPort() {
        assertThatThrownBy(() -> new ChatServiceDiscovery(instances, List.of(URI.create("tcp://chat-service-headless")),
                Duration.ofSeconds(10), ChatServiceDiscovery.Resolver.SYSTEM, ChatServiceDiscoveryTest::instance))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("host and a port");
    }

    private ChatServiceDiscovery discovery(ChatServiceDiscovery.Resolver resolver) {
        return new ChatServiceDiscovery(instances, List.of(HEADLESS), Duration.ofMillis(20), resolver,
                ChatServiceDiscoveryTest::instance);
    }

    private void awaitAddresses(List<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!instances.addresses().stream().sorted().toList().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(instances.addresses()).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static ChatInstances.Instance instance(String address) {
        return new ChatInstances.Instance(address, () -> mock(RSocketRequester.class));
    }

    private static InetAddress ip(int a, int b, int c, int d) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] { (byte) a, (byte) b, (byte) c, (byte) d });
    }
}
