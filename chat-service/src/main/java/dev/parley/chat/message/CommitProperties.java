package dev.parley.chat.message;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Group commit of posts: the posts that arrive while a lane writes its previous group are stored together, in one
 * transaction (one commit, one fsync).
 *
 * @param lanes independent write lanes per instance; a room always uses the same lane. Each lane holds at most one
 * database connection, so keep this below the R2DBC pool's max-size
 * @param maxBatch the most posts stored in one transaction
 * @param queueCapacity posts waiting per lane; beyond this a post fails at once with SERVICE_UNAVAILABLE (retryable)
 */
@Validated
@ConfigurationProperties("parley.chat.commit")
record CommitProperties(@DefaultValue("4") @Min(1) @Max(64) int lanes,
        // NOTE: a group travels as five arrays (one bind parameter each), so its size is bounded by how long one
        // transaction should hold its rooms' sequence rows, not by PostgreSQL's bind parameter limit.
        @DefaultValue("64") @Min(1) @Max(1000) int maxBatch,
        @DefaultValue("4096") @Min(1) @Max(1_000_000) int queueCapacity) {
}
