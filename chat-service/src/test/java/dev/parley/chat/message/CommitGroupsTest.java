package dev.parley.chat.message;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommitGroupsTest {

    @Test
    void laneOfWhenAskedAgainThenARoomAlwaysGetsTheSameLane() {
        UUID room = UUID.randomUUID();

        assertThat(CommitGroups.laneOf(UUID.fromString(room.toString()), 4)).isEqualTo(CommitGroups.laneOf(room, 4));
    }

    @Test
    void laneOfWhenManyRoomsThenEveryLaneIsUsedAndNoneIsOutOfRange() {
        Set<Integer> lanes = IntStream.range(0, 1_000).mapToObj(i -> CommitGroups.laneOf(UUID.randomUUID(), 4))
                .collect(Collectors.toSet());

        assertThat(lanes).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void laneOfWhenTheHashIsNegativeThenTheLaneIsStillInRange() {
        UUID negativeHash = new UUID(0, 0x8000_0000L);

        assertThat(negativeHash.hashCode()).isNegative();
        assertThat(CommitGroups.laneOf(negativeHash, 3)).isBetween(0, 2);
        assertThat(CommitGroups.laneOf(UUID.randomUUID(), 1)).isZero();
    }
}
