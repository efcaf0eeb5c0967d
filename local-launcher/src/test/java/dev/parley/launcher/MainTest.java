package dev.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void optionsWithoutArgumentsOrEnvironmentStartOneOfEach() {
        assertThat(Main.Options.parse(new String[0], Map.of())).isEqualTo(new Main.Options(1, 1));
    }

    @Test
    void optionsWhenBothAreGivenArgumentsWinOverEnvironment() {
        Map<String, String> env = Map.of("PARLEY_GATEWAYS", "3", "PARLEY_CHAT_SERVICES", "2");

        assertThat(Main.Options.parse(new String[0], env)).isEqualTo(new Main.Options(3, 2));
        assertThat(Main.Options.parse(new String[] { "--gateways=2", "--chat-services=4" }, env))
            .isEqualTo(new Main.Options(2, 4));
    }

    @Test
    void optionsWithAnUnknownArgumentAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Main.Options.parse(new String[] { "--rooms=2" }, Map.of()))
            .withMessageContaining("--rooms=2");
    }

    @Test
    void javaOptionsAreSplitOnWhitespaceAndPutBeforeTheJar() {
        assertThat(ParleySystem.javaCommand("/jdk/bin/java", ParleySystem.javaOptions("  -Xmx256m   -Xshare:auto "),
                java.nio.file.Path.of("/repo/gateway-service/target/gateway-service-exec.jar")))
            .containsExactly("/jdk/bin/java", "-Xmx256m", "-Xshare:auto", "-jar",
                    "/repo/gateway-service/target/gateway-service-exec.jar");
    }
}
