package dev.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PortPlanTest {

    @Test
    void fixedPlanWithOneOfEachUsesTheConventionalPorts() {
        PortPlan plan = PortPlan.fixed(1, 1, 1);

        assertThat(plan.issuer()).isEqualTo(9000);
        assertThat(plan.gateways()).containsExactly(8080);
        assertThat(plan.roomRSocket()).containsExactly(7001);
        assertThat(plan.roomHttp()).containsExactly(8081);
        assertThat(plan.chatRSocket()).containsExactly(7002);
        assertThat(plan.chatHttp()).containsExactly(8082);
    }

    @Test
    void fixedPlanWhenScaledOutSpacesInstancesByTenWithoutCollisions() {
        PortPlan plan = PortPlan.fixed(10, 10, 10);

        assertThat(plan.gateways()).startsWith(8080, 8090, 8100);
        assertThat(plan.chatRSocket()).startsWith(7002, 7012);
        assertThat(allPorts(plan)).doesNotHaveDuplicates().allMatch(port -> port < 9000 || port == 9000);
    }

    @Test
    void freePlanWhenTheSourceRepeatsAPortStillHandsOutDistinctPorts() {
        AtomicInteger calls = new AtomicInteger();
        PortPlan plan = PortPlan.free(2, 2, 1, () -> 40000 + calls.getAndIncrement() / 2);

        assertThat(allPorts(plan)).hasSize(9).doesNotHaveDuplicates();
    }

    @Test
    void freePlanUsesPortsNothingListensOn() {
        PortPlan plan = PortPlan.free(2, 2, 2);

        assertThat(allPorts(plan)).doesNotHaveDuplicates().allMatch(port -> !PortPlan.inUse(port))
                .as("below the ephemeral range, so no outgoing connection takes one before its service binds it")
                .allMatch(port -> port >= PortPlan.FIRST_PICKED_PORT && port <= PortPlan.LAST_PICKED_PORT);
    }

    @Test
    void planWhenAnInstanceCountIsOutOfRangeIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> PortPlan.fixed(0, 1, 1)).withMessageContaining("gateways");
        assertThatIllegalArgumentException().isThrownBy(() -> PortPlan.free(1, 11, 1))
            .withMessageContaining("chat services");
    }

    @Test
    void inUseWhenSomethingListensIsTrueAndAfterItClosesIsFalse() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
            assertThat(PortPlan.inUse(port)).isTrue();
        }
        assertThat(PortPlan.inUse(port)).isFalse();
    }

    private static List<Integer> allPorts(PortPlan plan) {
        List<Integer> ports = new ArrayList<>(List.of(plan.issuer()));
        Stream.of(plan.gateways(), plan.roomRSocket(), plan.roomHttp(), plan.chatRSocket(), plan.chatHttp())
            .forEach(ports::addAll);
        assertThat(plan.all()).containsExactlyElementsOf(ports);
        return ports;
    }
}
