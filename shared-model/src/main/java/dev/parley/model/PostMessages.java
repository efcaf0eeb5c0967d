package dev.parley.model;

import java.util.List;

/**
 * Command: post several messages of one sender to the room named in the route ({@link MessageRoutes#POST_ALL}), in
 * this order. Each post is stored, acknowledged or refused as a {@link PostMessage} on its own would be; the reply is
 * one {@link PostOutcome} per post, in the same order. At most {@link #MAX_POSTS} posts.
 */
public record PostMessages(List<PostMessage> posts) {

    /** The most posts one request may carry. */
    public static final int MAX_POSTS = 64;
}
