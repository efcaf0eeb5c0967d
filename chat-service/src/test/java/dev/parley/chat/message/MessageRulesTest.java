package dev.parley.chat.message;

import java.util.Arrays;
import java.util.List;

import dev.parley.model.ErrorCode;
import dev.parley.model.HistoryQuery;
import dev.parley.model.ParleyException;
import dev.parley.model.PostMessage;
import dev.parley.model.PostMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageRulesTest {

    private final MessageRules rules = new MessageRules(20);

    @Test
    void checkWhenTextHasSurroundingSpaceAndLineBreaksThenKeepsItUnchanged() {
        PostMessage post = new PostMessage("abc_DEF-123", "  hi\n\tthere\r\n ");

        assertThat(rules.check(post)).isSameAs(post);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "has space", "dot.ted", "ümlaut",
            "a234567890123456789012345678901234567890123456789012345678901234x" })
    void checkWhenClientMsgIdIsMalformedThenInvalidRequest(String clientMsgId) {
        assertRefused(new PostMessage(clientMsgId, "hi"), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void checkWhenClientMsgIdIsMissingThenInvalidRequest() {
        assertRefused(new PostMessage(null, "hi"), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void batchWhenThePostsListIsMissingThenInvalidRequest() {
        for (PostMessages missing : new PostMessages[] { null, new PostMessages(null) }) {
            assertThatThrownBy(() -> MessageRules.batch(missing)).isInstanceOfSatisfying(ParleyException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        }
    }

    @Test
    void checkWhenAPostOfABatchIsNullThenInvalidRequestForThatPost() {
        List<PostMessage> posts = MessageRules.batch(new PostMessages(Arrays.asList(new PostMessage("a", "hi"), null)));

        assertThat(rules.check(posts.get(0))).isNotNull();
        assertRefused(posts.get(1), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void checkWhenClientMsgIdHas64CharactersThenAccepted() {
        assertThat(rules.check(new PostMessage("a".repeat(64), "hi"))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "\n\t\r", "\u00a0\u3000", "bell\u0007", "nul\u0000", "del\u007f", "c1\u0085x" })
    void checkWhenTextIsEmptyBlankOrHasControlCharactersThenInvalidMessage(String text) {
        assertRefused(new PostMessage("id", text), ErrorCode.INVALID_MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = { "\ud800", "a\udc00b", "\udc00\ud800", "\ud83d\ude00\ud83d", "\udbff" })
    void checkWhenTextHasALoneSurrogateThenInvalidMessageRatherThanStoredAsQuestionMark(String text) {
        assertThatThrownBy(() -> rules.check(new PostMessage("id", text))).isInstanceOfSatisfying(ParleyException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
                    assertThat(e.getMessage()).isEqualTo("the message is not valid Unicode (a lone surrogate)");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = { "\ud83d\ude00", "\udbff\udfff", "\udb40\udc41 tag", "\ufffd" })
    void checkWhenSurrogatesArePairedThenAccepted(String text) {
        assertThat(rules.check(new PostMessage("id", text))).isNotNull();
    }

    @Test
    void checkWhenTextIsMissingThenInvalidMessage() {
        assertRefused(new PostMessage("id", null), ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void checkWhenTextLengthIsCountedInCodePointsThenTwentyEmojiFitAndTwentyOneDoNot() {
        String emoji = "\uD83D\uDE00";

        assertThat(rules.check(new PostMessage("id", emoji.repeat(20)))).isNotNull();
        assertRefused(new PostMessage("id", emoji.repeat(21)), ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void pageSizeWhenLimitIsZeroThenDefaultElseWithinOneToHundred() {
        assertThat(MessageRules.pageSize(new HistoryQuery(null, 0))).isEqualTo(50);
        assertThat(MessageRules.pageSize(new HistoryQuery(5L, 1))).isEqualTo(1);
        assertThat(MessageRules.pageSize(new HistoryQuery(1L, 100))).isEqualTo(100);
        assertThatThrownBy(() -> MessageRules.pageSize(new HistoryQuery(null, 101)))
                .extracting(e -> ((ParleyException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThatThrownBy(() -> MessageRules.pageSize(new HistoryQuery(null, -1)))
                .extracting(e -> ((ParleyException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThatThrownBy(() -> MessageRules.pageSize(new HistoryQuery(0L, 10)))
                .extracting(e -> ((ParleyException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, -50, Integer.MIN_VALUE, 101, 1000, Integer.MAX_VALUE })
    void pageSizeWhenLimitIsNegativeOrOverHundredThenInvalidRequestSayingTheRange(int limit) {
        assertThatThrownBy(() -> MessageRules.pageSize(new HistoryQuery(null, limit)))
                .isInstanceOfSatisfying(ParleyException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("limit must be between 1 and 100");
                });
    }

    private void assertRefused(PostMessage post, ErrorCode code) {
        assertThatThrownBy(() -> rules.check(post)).isInstanceOf(ParleyException.class)
                .extracting(e -> ((ParleyException) e).code()).isEqualTo(code);
    }
}
