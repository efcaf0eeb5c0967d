package dev.parley.gateway.socket;

/**
 * A token bucket for one connection's inbound frames: {@code perSecond} sustained, {@code burst} at once. Called only
 * from the connection's inbound pipeline, which handles one frame at a time, so it needs no locking.
 */
final class FrameRate {

    private final double perNano;

    private final double burst;

    private double tokens;

    private long last;

    FrameRate(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1_000_000_000.0;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Whether a frame arriving at {@code nowNanos} may be handled; takes a token if so. */
    boolean tryAcquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
