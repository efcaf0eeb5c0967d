package dev.parley.issuer;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IssuerPropertiesTest {

    @Test
    void bindWhenValuesAreEmptyThenDefaultsApply() {
        IssuerProperties properties = new IssuerProperties(List.of(), null, List.of(), null, List.of(), null, "", null,
                null);

        assertThat(properties.audience()).containsExactly("parley");
        assertThat(properties.accessTokenTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(properties.redirectUris()).contains(URI.create("http://127.0.0.1/test-callback"));
        assertThat(properties.allowedOrigins()).containsExactly("http://localhost:8080", "http://127.0.0.1:8080");
        assertThat(properties.webClientId()).isEqualTo("parley-web");
        assertThat(properties.serviceClient().scopes()).containsExactly("chat.read", "chat.write", "metrics.read",
                "chat.relay");
        assertThat(properties.user("carol").email()).isEqualTo("carol@parley.test");
        assertThat(properties.user("mallory")).isNull();
    }

    @Test
    void bindWhenTtlIsZeroThenRejected() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new IssuerProperties(null, Duration.ZERO, null, null, null, null, null, null, null))
            .withMessageContaining("access-token-ttl");
    }

    @Test
    void bindWhenUsernamesRepeatThenRejected() {
        IssuerProperties.DemoUser alice = new IssuerProperties.DemoUser("alice", "x", "Alice", "a@parley.test");

        assertThatIllegalArgumentException()
            .isThrownBy(() -> new IssuerProperties(null, null, null, null, null, null, null, null, List.of(alice, alice)))
            .withMessageContaining("distinct");
    }

    @Test
    void printWhenUserOrClientHasSecretThenSecretIsHidden() {
        assertThat(IssuerProperties.DEFAULT_USERS.get(0).toString()).doesNotContain("alice-pass");
        assertThat(IssuerProperties.ServiceClient.DEFAULT.toString()).doesNotContain("secret");
    }
}
