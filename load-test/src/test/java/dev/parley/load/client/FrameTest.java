package dev.parley.load.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameTest {

    @Test
    void parseWhenMessageFrameThenReadsTopLevelFieldsAndSkipsNestedOnes() {
        Frame frame = Frame.parse("{\"type\":\"message\",\"roomId\":\"r-1\",\"extra\":{\"seq\":99,\"text\":\"no\"},"
                + "\"seq\":51,\"senderId\":\"bob\",\"text\":\"load 123\",\"clientMsgId\":\"m1-2\",\"ref\":null}");

        assertThat(frame.type()).isEqualTo("message");
        assertThat(frame.roomId()).isEqualTo("r-1");
        assertThat(frame.seq()).isEqualTo(51);
        assertThat(frame.text()).isEqualTo("load 123");
        assertThat(frame.clientMsgId()).isEqualTo("m1-2");
        assertThat(frame.ref()).isNull();
    }

    @Test
    void parseWhenErrorFrameThenReadsCodeAndKeepsNestedDataForTheTree() {
        Frame frame = Frame.parse("{\"type\":\"room.joined\",\"ref\":\"r7\",\"room\":{\"id\":\"abc\"}}");

        assertThat(frame.ref()).isEqualTo("r7");
        assertThat(frame.seq()).isEqualTo(-1);
        assertThat(frame.tree().path("room").path("id").asString()).isEqualTo("abc");
    }

    @Test
    void parseWhenNotAnObjectThenRefused() {
        assertThatThrownBy(() -> Frame.parse("[1,2]")).isInstanceOf(IllegalArgumentException.class);
    }
}
