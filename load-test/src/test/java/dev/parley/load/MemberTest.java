package dev.parley.load;

import dev.parley.load.client.Frame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemberTest {

    private final Measurements measurements = new Measurements();

    private final Member member = member();

    @Test
    void messagesInOrderAreCountedAndTimed() {
        member.onFrame(message(1, "load " + System.nanoTime()));
        member.onFrame(message(2, "load " + System.nanoTime()));

        assertThat(member.received()).isEqualTo(2);
        assertThat(member.lastSeq()).isEqualTo(2);
        assertThat(member.duplicates()).isZero();
        assertThat(member.gaps()).isZero();
        assertThat(measurements.takeDeliveries().getTotalCount()).isEqualTo(2);
    }

    @Test
    void repeatedSeqIsADuplicateAndSkippedSeqIsAGap() {
        member.onFrame(message(1, "x"));
        member.onFrame(message(1, "x"));
        member.onFrame(message(3, "x"));

        assertThat(member.received()).isEqualTo(2);
        assertThat(member.duplicates()).isEqualTo(1);
        assertThat(member.gaps()).isEqualTo(1);
    }

    @Test
    void errorAnsweringASendCountsAndForgetsThatSend() {
        member.room.sent("m0-1");
        member.onFrame(Frame.parse("{\"type\":\"error\",\"ref\":\"m0-1\",\"code\":\"INVALID_MESSAGE\"}"));

        assertThat(measurements.errors()).containsEntry("INVALID_MESSAGE", 1L);
    }

    @Test
    void scheduledTimeIsReadFromTheMessageText() {
        assertThat(Member.scheduledNanos("load 42")).isEqualTo(42);
        assertThat(Member.scheduledNanos("hello")).isZero();
        assertThat(Member.scheduledNanos("load x")).isZero();
    }

    private Member member() {
        Room room = new Room(0, "r");
        room.created("room-1");
        return new Member(0, room, "alice", measurements);
    }

    private static Frame message(long seq, String text) {
        return Frame.parse("{\"type\":\"message\",\"roomId\":\"room-1\",\"seq\":" + seq + ",\"text\":\"" + text
                + "\",\"clientMsgId\":\"c" + seq + "\"}");
    }
}
