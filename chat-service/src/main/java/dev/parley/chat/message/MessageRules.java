package dev.parley.chat.message;

import java.util.List;
import java.util.regex.Pattern;

import dev.parley.model.ErrorCode;
import dev.parley.model.HistoryQuery;
import dev.parley.model.ParleyException;
import dev.parley.model.PostMessage;
import dev.parley.model.PostMessages;

/** What a post and a history query must look like. Texts are checked, never altered: what is sent is stored. */
final class MessageRules {

    static final int DEFAULT_PAGE = 50;

    static final int MAX_PAGE = 100;

    private static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final int maxLength;

    MessageRules(int maxLength) {
        this.maxLength = maxLength;
    }

    /** Returns the command if it may be posted, else throws INVALID_REQUEST or INVALID_MESSAGE. */
    PostMessage check(PostMessage command) {
        if (command == null || command.clientMsgId() == null || !CLIENT_MSG_ID.matcher(command.clientMsgId()).matches()) {
            throw new ParleyException(ErrorCode.INVALID_REQUEST, "clientMsgId must be 1 to 64 of A-Z a-z 0-9 _ -");
        }
        String text = command.text();
        if (text == null || text.codePoints().allMatch(MessageRules::isSpace)) {
            throw new ParleyException(ErrorCode.INVALID_MESSAGE, "the message is empty");
        }
        if (text.codePointCount(0, text.length()) > maxLength) {
            throw new ParleyException(ErrorCode.INVALID_MESSAGE, "the message is longer than " + maxLength + " characters");
        }
        if (text.codePoints().anyMatch(MessageRules::isForbiddenControl)) {
            throw new ParleyException(ErrorCode.INVALID_MESSAGE, "the message contains control characters");
        }
        if (text.codePoints().anyMatch(MessageRules::isLoneSurrogate)) {
            // NOTE: an unpaired surrogate has no UTF-8 form; PostgreSQL would store it as '?', so the text would not be
            // stored as sent. Refused like a control character rather than silently changed.
            throw new ParleyException(ErrorCode.INVALID_MESSAGE, "the message is not valid Unicode (a lone surrogate)");
        }
        return command;
    }

    /**
     * The posts of a batch if there are 1 to {@link PostMessages#MAX_POSTS}, else INVALID_REQUEST. Each post is
     * checked on its own by {@link #check}, so that one bad post does not refuse its neighbours.
     */
    static List<PostMessage> batch(PostMessages command) {
        if (command == null || command.posts() == null || command.posts().isEmpty()
                || command.posts().size() > PostMessages.MAX_POSTS) {
            throw new ParleyException(ErrorCode.INVALID_REQUEST,
                    "posts must hold 1 to " + PostMessages.MAX_POSTS + " messages");
        }
        return command.posts();
    }

    /** The page size to use (a missing or zero limit means the default), or INVALID_REQUEST. */
    static int pageSize(HistoryQuery query) {
        if (query.limit() < 0 || query.limit() > MAX_PAGE) {
            throw new ParleyException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and " + MAX_PAGE);
        }
        if (query.beforeSeq() != null && query.beforeSeq() < 1) {
            throw new ParleyException(ErrorCode.INVALID_REQUEST, "beforeSeq must be at least 1");
        }
        return query.limit() == 0 ? DEFAULT_PAGE : query.limit();
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static boolean isForbiddenControl(int codePoint) {
        return Character.isISOControl(codePoint) && codePoint != '\n' && codePoint != '\r' && codePoint != '\t';
    }

    /** {@link String#codePoints()} yields an unpaired surrogate as a code point of its own. */
    private static boolean isLoneSurrogate(int codePoint) {
        return Character.getType(codePoint) == Character.SURROGATE;
    }
}
