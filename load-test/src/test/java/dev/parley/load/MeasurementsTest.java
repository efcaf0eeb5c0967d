package dev.parley.load;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MeasurementsTest {

    @Test
    void reportsEachSecondsDeliveriesOnceInOrderOfTime() {
        Measurements measurements = new Measurements();
        measurements.delivery(TimeUnit.MILLISECONDS.toNanos(4));
        measurements.delivery(TimeUnit.MILLISECONDS.toNanos(90));
        measurements.delivery(TimeUnit.MILLISECONDS.toNanos(7));

        List<SecondResult> seconds = measurements.takeSeconds();

        // The three may straddle a second boundary; together they are every delivery, each second once.
        assertThat(seconds.stream().mapToLong((second) -> second.delivery().count()).sum()).isEqualTo(3);
        assertThat(seconds).extracting(SecondResult::at).isSorted().doesNotHaveDuplicates();
        assertThat(seconds.stream().mapToDouble((second) -> second.delivery().max()).max()).hasValueCloseTo(90.0, within(0.1));
        assertThat(measurements.takeSeconds()).isEmpty();
        assertThat(measurements.takeDeliveries().getTotalCount()).isEqualTo(3);
    }
}
