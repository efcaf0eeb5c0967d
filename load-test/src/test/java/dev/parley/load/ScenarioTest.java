package dev.parley.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTest {

    @Test
    void idIsTheLowerCaseNameWithHyphens() {
        assertThat(Scenario.RAW_POSTGRES.id()).isEqualTo("raw-postgres");
        assertThat(Scenario.JOINSTORM.id()).isEqualTo("joinstorm");
    }

    @Test
    void ofFindsEveryScenarioByItsIdInAnyCase() {
        for (Scenario scenario : Scenario.values()) {
            assertThat(Scenario.of(" " + scenario.id().toUpperCase(java.util.Locale.ROOT) + " ")).isEqualTo(scenario);
        }
    }

    @Test
    void ofWhenUnknownThenNamesEveryScenario() {
        assertThatThrownBy(() -> Scenario.of("raw_postgres")).hasMessageContaining("raw_postgres")
            .hasMessageContaining("latency, throughput, connections, cross, joinstorm, raw-postgres, raw-kafka");
    }

    @Test
    void onlyTheRawScenariosMeasureTheMachineAlone() {
        assertThat(Scenario.values()).filteredOn(Scenario::raw)
            .containsExactly(Scenario.RAW_POSTGRES, Scenario.RAW_KAFKA);
    }
}
