package dev.parley.load;

/**
 * The deliveries received in one wall-clock second of a run, so that a latency spike can be set beside the
 * services' GC logs (which carry the same clock) and told apart from a tail spread over the whole run.
 *
 * @param at the second, ISO-8601 UTC
 * @param delivery the deliveries received in that second, from their scheduled send time
 */
public record SecondResult(String at, Latency delivery) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s  n=%5d  p50 %7.2f  p99 %7.2f  max %7.2f ms", this.at.substring(11),
                this.delivery.count(), this.delivery.p50(), this.delivery.p99(), this.delivery.max());
    }
}
