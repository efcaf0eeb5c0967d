package dev.parley.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.parley.load.raw.KafkaLatency;
import dev.parley.load.raw.KafkaLimits;
import dev.parley.load.raw.KafkaThroughput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class LoadToolTest {

    @Test
    void resultFileSaysWhetherTheRunPassedAndHoldsEveryFigure(@TempDir Path directory) {
        Latency latency = new Latency(100, 1.5, 2.5, 3.5, 9.0, 1.7);
        RunResult result = new RunResult("latency", Map.of("rooms", 2), LoadTool.machine(), "2026-01-01T00:00:00Z",
                List.of(new PhaseResult("steady", 20, 3, 60, 60, 180, 60, 0, 0, 0, latency, latency)), 0,
                Latency.NONE, List.of(), new CheckResult(true, 60, 180, 0, List.of()), Map.of("RATE_LIMITED", 2L),
                null, List.of(new SecondResult("2026-01-01T00:00:01Z", latency)));

        Path written = LoadTool.write(result, directory.resolve("nested/result.json"));

        JsonNode json = JsonMapper.shared().readTree(written.toFile());
        assertThat(json.path("passed").asBoolean()).isFalse();
        assertThat(json.path("errorCount").asLong()).isEqualTo(2);
        assertThat(json.path("result").path("phases").path(0).path("delivery").path("p99").asDouble()).isEqualTo(3.5);
        assertThat(json.path("result").path("check").path("deliveries").asLong()).isEqualTo(180);
        assertThat(json.path("result").path("machine").path("cores").asInt()).isPositive();
        assertThat(json.path("result").path("seconds").path(0).path("at").asString())
            .isEqualTo("2026-01-01T00:00:01Z");
        assertThat(json.path("result").path("seconds").path(0).path("delivery").path("max").asDouble()).isEqualTo(9.0);
    }

    @Test
    void resultFileOfARawScenarioHoldsItsFiguresAndCountsItsErrors(@TempDir Path directory) {
        Latency latency = new Latency(20000, 1.1, 1.9, 2.8, 12.5, 1.2);
        KafkaLimits kafka = new KafkaLimits("localhost:9092", "parley-raw-1", 1, 300,
                new KafkaThroughput(1000, 1000, 0.5, 2000, 0.6, 1666.67),
                new KafkaLatency(2000, 10, 20000, 19999, 0, latency), Map.of("NOT_CONSUMED", 1L));
        RunResult result = new RunResult("raw-kafka", Map.of("rate", 2000), LoadTool.machine(), "2026-01-01T00:00:00Z",
                List.of(), 0, Latency.NONE, List.of(), CheckResult.NOT_RUN, kafka.errors(), kafka,
                List.of());

        JsonNode json = JsonMapper.shared().readTree(LoadTool.write(result, directory.resolve("raw.json")).toFile());

        assertThat(json.path("passed").asBoolean()).isFalse();
        assertThat(json.path("result").path("raw").path("latency").path("latency").path("p99").asDouble())
            .isEqualTo(2.8);
        assertThat(json.path("result").path("raw").path("throughput").path("consumedPerSecond").asDouble())
            .isEqualTo(1666.67);
    }
}
