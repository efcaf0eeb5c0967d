package dev.parley.system;

import java.net.URI;
import java.util.stream.Collectors;

import dev.parley.launcher.ParleySystem;
import dev.parley.load.LoadOptions;
import dev.parley.load.LoadTool;
import dev.parley.load.PhaseResult;
import dev.parley.load.Progress;
import dev.parley.load.RunResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few seconds of the load tool against the running system, to prove that the tool still works (issue 7, point
 * 6): no figure is asserted, only that nothing failed and nothing was lost or doubled.
 */
class LoadToolSmokeIT {

    @Test
    void shortRunOverBothGatewaysHasNoErrorAndLosesOrDoublesNothing() {
        ParleySystem system = RunningSystem.get().system();
        String gateways = system.gatewayUris().stream().map(URI::toString).collect(Collectors.joining(","));

        RunResult result = LoadTool.run(LoadOptions.parse("--scenario=latency", "--rooms=2", "--members=3",
                "--senders=2", "--rate=20", "--warmup=1s", "--duration=3s", "--drain=30s", "--gateways=" + gateways,
                "--issuer=" + system.issuerUri()), Progress.CONSOLE);
        LoadTool.printSummary(result, Progress.CONSOLE);

        assertThat(result.errors()).isEmpty();
        assertThat(result.check().problems()).isEmpty();
        assertThat(result.check().passed()).isTrue();
        assertThat(result.phases()).extracting(PhaseResult::name).containsExactly("steady", "all");
        assertThat(result.phases().get(1).sent()).isEqualTo(60);
        assertThat(result.phases().get(1).skipped()).isZero();
        assertThat(result.phases().get(1).delivery().count()).isEqualTo(60 * 3);
        // The check covers the warm-up's messages too (1 s at 20/s), which the figures leave out.
        assertThat(result.check().messages()).isEqualTo(60 + 20);
        assertThat(result.check().deliveries()).isEqualTo((60 + 20) * 3);
        assertThat(result.passed()).isTrue();
    }
}
