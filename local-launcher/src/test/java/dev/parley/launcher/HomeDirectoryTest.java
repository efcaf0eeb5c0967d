package dev.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeDirectoryTest {

    @TempDir
    Path root;

    @Test
    void findWhenStartedInAModuleWalksUpToTheRootPom() throws IOException {
        Files.writeString(root.resolve("pom.xml"), "<modules><module>gateway-service</module></modules>");
        Path module = Files.createDirectories(root.resolve("system-tests/target"));
        Files.writeString(root.resolve("system-tests/pom.xml"), "<artifactId>system-tests</artifactId>");

        assertThat(HomeDirectory.find(module)).contains(root.toAbsolutePath().normalize());
    }

    @Test
    void findWhenNoAncestorListsTheGatewayModuleFindsNothing() throws IOException {
        Files.writeString(root.resolve("pom.xml"), "<modules><module>other</module></modules>");

        assertThat(HomeDirectory.find(root)).isEmpty();
        assertThatIllegalStateException().isThrownBy(() -> HomeDirectory.findOrFail(root))
            .withMessageContaining("PARLEY_HOME");
    }

    @Test
    void missingServiceJarIsReportedWithTheBuildCommand() {
        assertThatIllegalStateException().isThrownBy(() -> ParleySystem.jar(root, ServiceKind.GATEWAY))
            .withMessageContaining(root.resolve("gateway-service/target/gateway-service-exec.jar").toString())
            .withMessageContaining("./mvnw -B package -DskipTests");
    }

    @Test
    void startWithoutBuiltJarsFailsBeforeStartingAnything() throws IOException {
        Files.writeString(root.resolve("pom.xml"), "<module>gateway-service</module>");

        assertThatIllegalStateException()
            .isThrownBy(() -> ParleySystem.builder().home(root).logDirectory(root.resolve("logs")).start())
            .withMessageContaining("dev-issuer-exec.jar");
        assertThat(root.resolve("logs")).doesNotExist();
    }
}
