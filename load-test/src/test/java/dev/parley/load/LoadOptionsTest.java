package dev.parley.load;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadOptionsTest {

    @Test
    void parseWhenNoArgumentsThenLatencyScenarioOfTheIssue() {
        LoadOptions options = LoadOptions.parse();

        assertThat(options.scenario()).isEqualTo(Scenario.LATENCY);
        assertThat(options.rooms()).isEqualTo(10);
        assertThat(options.members()).isEqualTo(20);
        assertThat(options.senders()).isEqualTo(10);
        assertThat(options.rate()).isEqualTo(200);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.gateways()).containsExactly(URI.create("ws://127.0.0.1:8080/ws"));
        assertThat(options.users()).extracting(LoadOptions.Credentials::password)
            .containsExactly("alice-pass", "bob-pass", "carol-pass");
    }

    @Test
    void parseWhenScenarioHasItsOwnDefaultsThenArgumentsStillWin() {
        assertThat(LoadOptions.parse("--scenario=throughput").members()).isEqualTo(10);
        assertThat(LoadOptions.parse("--scenario=cross").gateways()).hasSize(2);
        assertThat(LoadOptions.parse("--scenario=cross", "--gateways=localhost:9999").gateways())
            .containsExactly(URI.create("ws://localhost:9999/ws"));
    }

    @Test
    void parseWhenLoadUsersThenNumberedUsersReplaceTheDemoUsers() {
        assertThat(LoadOptions.parse("--load-users=3").users()).extracting(LoadOptions.Credentials::username)
            .containsExactly("load-1", "load-2", "load-3");
    }

    @Test
    void gatewayUrlsInEveryFormBecomeTheWebSocketUri() {
        assertThat(LoadOptions.webSocket("http://127.0.0.1:8080/")).isEqualTo(URI.create("ws://127.0.0.1:8080/ws"));
        assertThat(LoadOptions.webSocket("https://chat.example")).isEqualTo(URI.create("wss://chat.example/ws"));
        assertThat(LoadOptions.webSocket("ws://h:1/ws")).isEqualTo(URI.create("ws://h:1/ws"));
    }

    @Test
    void durationsInSecondsMillisecondsOrMinutes() {
        assertThat(LoadOptions.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(LoadOptions.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(LoadOptions.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(LoadOptions.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(LoadOptions.duration("3")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void parseWhenOptionUnknownOrShapeImpossibleThenRefused() {
        assertThatThrownBy(() -> LoadOptions.parse("--romos=3")).hasMessageContaining("--romos");
        assertThatThrownBy(() -> LoadOptions.parse("--rooms=1", "--members=2", "--senders=3"))
            .hasMessageContaining("senders");
        assertThatThrownBy(() -> LoadOptions.parse("--scenario=nope")).hasMessageContaining("nope");
    }

    @Test
    void issuerUsersJsonKeepsTheDemoUsersAndAddsNumberedOnes() {
        String json = LoadOptions.issuerUsersJson(2);

        assertThat(json).startsWith("{\"parley\":{\"issuer\":{\"users\":[")
            .contains("\"username\":\"alice\"", "\"username\":\"load-2\",\"password\":\"load-2-pass\"");
        assertThat(tools.jackson.databind.json.JsonMapper.shared().readTree(json).path("parley").path("issuer")
            .path("users").size()).isEqualTo(5);
    }

    @Test
    void parseWhenRawPostgresThenTenSecondLevelsOnTheLocalServer() {
        LoadOptions options = LoadOptions.parse("--scenario=raw-postgres");

        assertThat(options.scenario()).isEqualTo(Scenario.RAW_POSTGRES);
        assertThat(options.postgres().levelDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.postgres().host()).isEqualTo("127.0.0.1");
        assertThat(options.postgres().port()).isEqualTo(5432);
        assertThat(options.postgres().user()).isEqualTo("postgres");
        assertThat(options.postgres().singleRowConnections()).containsExactly(1, 2, 4, 8, 16);
        assertThat(options.postgres().batchRows()).containsExactly(10, 50, 200);
        assertThat(options.postgres().batchConnections()).containsExactly(1, 4);
        assertThat(options.postgres().password()).isEmpty();
        assertThat(options.describe()).containsEntry("postgres", "127.0.0.1:5432").doesNotContainKey("rooms");
    }

    @Test
    void parseWhenRawKafkaThenTwoThousandRecordsASecondForTenSeconds() {
        LoadOptions options = LoadOptions.parse("--scenario=raw-kafka", "--linger-ms=0");

        assertThat(options.kafka().bootstrap()).isEqualTo("localhost:9092");
        assertThat(options.kafka().rate()).isEqualTo(2000);
        assertThat(options.kafka().duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.kafka().lingerMs()).isZero();
        assertThat(options.describe()).containsEntry("kafkaBootstrap", "localhost:9092");
    }

    @Test
    void parseWhenRawOptionsImpossibleThenRefused() {
        assertThatThrownBy(() -> LoadOptions.parse("--scenario=raw-postgres", "--batch-rows=10,5000"))
            .hasMessageContaining("--batch-rows");
        assertThatThrownBy(() -> LoadOptions.parse("--insert-connections=0"))
            .hasMessageContaining("insert-connections");
        assertThatThrownBy(() -> LoadOptions.parse("--linger-ms=-1")).hasMessageContaining("--linger-ms");
    }

    @Test
    void postgresPasswordNeverReachesTheResultOrTheLog() {
        LoadOptions options = LoadOptions.parse("--scenario=raw-postgres", "--pg-password=s3cret");

        assertThat(options.postgres().password()).isEqualTo("s3cret");
        assertThat(options.describe().toString()).doesNotContain("s3cret");
        assertThat(options.postgres().toString()).doesNotContain("s3cret");
    }
}
