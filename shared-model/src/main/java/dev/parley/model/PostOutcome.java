package dev.parley.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What became of one post of a {@link PostMessages}: stored and acknowledged, or refused with a stable code. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PostOutcome.Stored.class, name = "stored"),
        @JsonSubTypes.Type(value = PostOutcome.Refused.class, name = "refused") })
public sealed interface PostOutcome {

    /** The post is durable; {@code ack} is what {@link MessageRoutes#POST} would have answered. */
    record Stored(MessageAck ack) implements PostOutcome {
    }

    /** The post was refused as {@link MessageRoutes#POST} would have failed, with this code and detail. */
    record Refused(ErrorCode code, String detail) implements PostOutcome {
    }
}
