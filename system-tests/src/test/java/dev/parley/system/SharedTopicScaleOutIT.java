package dev.parley.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The scale-out guarantees with one shared Kafka topic keyed by room id. */
class SharedTopicScaleOutIT extends ScaleOutContract {

    private static RunningSystem parley;

    @BeforeAll
    static void start() {
        parley = RunningSystem.start(sharedTopicLayout());
    }

    @AfterAll
    static void stop() {
        if (parley != null) {
            parley.system().close();
        }
    }

    @Override
    RunningSystem parley() {
        return parley;
    }
}
