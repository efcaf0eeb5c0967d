package dev.parley.gateway.socket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The messages each user may send through this gateway, across all of their connections: a token bucket per user,
 * {@code perSecond} sustained and {@code burst} at once, so that opening more connections does not multiply a flood.
 * A user's bucket exists only while it is not full: a full bucket behaves exactly like a new one, so it is dropped,
 * and memory stays bounded by the users who sent recently (at most twice {@code burst / perSecond} seconds before
 * the latest message), whether or not their connections are still open.
 */
final class UserSendRates {

    /** Marks a bucket taken out of the map; whoever finds it so starts a new one. */
    private static final long RETIRED = Long.MIN_VALUE;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private final LongSupplier nanoClock;

    private final long origin;

    /** Nanoseconds that earn one message. */
    private final long interval;

    /** Nanoseconds an empty bucket takes to be full again; also how often full buckets are dropped. */
    private final long refill;

    private final AtomicLong lastSweep = new AtomicLong();

    UserSendRates(int perSecond, int burst, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.origin = nanoClock.getAsLong();
        this.interval = Math.max(1, 1_000_000_000L / perSecond);
        this.refill = burst * interval;
    }

    /** Whether the user may send a message now; takes one from their bucket if so. */
    boolean tryAcquire(String userId) {
        // NOTE: times are kept as nanoseconds since this object was made, so they never come near RETIRED.
        long now = nanoClock.getAsLong() - origin;
        dropFullBuckets(now);
        while (true) {
            Bucket bucket = buckets.get(userId);
            if (bucket == null) {
                bucket = buckets.computeIfAbsent(userId, id -> new Bucket(now));
            }
            Take take = bucket.tryAcquire(now);
            if (take != Take.RETIRED) {
                return take == Take.TAKEN;
            }
            buckets.remove(userId, bucket);
        }
    }

    /** Users whose bucket is not full (or not yet dropped). */
    int tracked() {
        return buckets.size();
    }

    /** At most once per refill time, so each call costs O(1) on average. */
    private void dropFullBuckets(long now) {
        long last = lastSweep.get();
        if (now - last < refill || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        buckets.forEach((userId, bucket) -> {
            if (bucket.retireIfFull(now)) {
                buckets.remove(userId, bucket);
            }
        });
    }

    /**
     * A token bucket kept as the one time at which it will be full again (the generic cell rate algorithm), so that
     * one compare-and-set takes a token without a lock, whichever event loop the user's connections run on.
     */
    private final class Bucket {

        private final AtomicLong fullAt;

        Bucket(long now) {
            this.fullAt = new AtomicLong(now);
        }

        Take tryAcquire(long now) {
            while (true) {
                long full = fullAt.get();
                if (full == RETIRED) {
                    return Take.RETIRED;
                }
                long next = Math.max(full, now) + interval;
                if (next - now > refill) {
                    return Take.EMPTY;
                }
                if (fullAt.compareAndSet(full, next)) {
                    return Take.TAKEN;
                }
            }
        }

        /** Retires the bucket if it is full; a token taken meanwhile makes the compare-and-set fail. */
        boolean retireIfFull(long now) {
            long full = fullAt.get();
            return full != RETIRED && full <= now && fullAt.compareAndSet(full, RETIRED);
        }
    }

    /** What one attempt to take a token found. */
    private enum Take {
        TAKEN, EMPTY, RETIRED
    }
}
