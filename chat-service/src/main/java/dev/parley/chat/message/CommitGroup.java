package dev.parley.chat.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.model.ChatMessage;
import dev.parley.model.PostMessage;

/**
 * The posts one statement stores ({@link MessageRepository#storeGroup}), and which stored message answers each of
 * them. Plain logic; {@link CommitGroups} runs the SQL.
 */
final class CommitGroup {

    private final List<Post> posts;

    CommitGroup(List<Post> posts) {
        this.posts = List.copyOf(posts);
    }

    List<Post> posts() {
        return posts;
    }

    /**
     * One message per post, in the group's order: the message stored under its key, whether by this group (a key
     * repeated in the group shares its first post's message) or before it.
     *
     * @param stored the stored message of every key of the group
     */
    List<ChatMessage> answers(Map<Key, ChatMessage> stored) {
        List<ChatMessage> answers = new ArrayList<>(posts.size());
        for (Post post : posts) {
            ChatMessage answer = stored.get(post.key());
            if (answer == null) {
                throw new IllegalStateException("no stored message for " + post.key());
            }
            answers.add(answer);
        }
        return answers;
    }

    /** A validated post waiting for its group's commit. */
    record Post(UUID roomId, Sender sender, PostMessage message) {

        Key key() {
            return new Key(roomId, sender.id(), message.clientMsgId());
        }
    }

    /** What makes a post idempotent: the unique key (room, sender, clientMsgId). */
    record Key(UUID roomId, String senderId, String clientMsgId) {

        static Key of(ChatMessage message) {
            return new Key(message.roomId(), message.senderId(), message.clientMsgId());
        }
    }
}
