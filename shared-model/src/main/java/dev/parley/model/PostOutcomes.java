package dev.parley.model;

import java.util.List;

/** The reply to {@link PostMessages}: one outcome per post, in the order of the posts. */
public record PostOutcomes(List<PostOutcome> outcomes) {
}
