package dev.parley.load;

/**
 * One stretch of sending at one rate.
 *
 * @param name what the phase was (for example {@code steady} or {@code step 3})
 * @param rate the scheduled rate, messages per second
 * @param seconds how long it sent
 * @param sent messages sent
 * @param acked acknowledgements received during the phase
 * @param delivered messages received by members during the phase
 * @param deliveriesPerSecond {@code delivered / seconds}
 * @param backlog deliveries still owed at the end of the phase (sent so far × members − delivered so far)
 * @param skipped scheduled sends not made because {@code --max-in-flight} sends were unacknowledged
 * @param errors errors counted during the phase
 * @param delivery send → received by a member, from the scheduled send time
 * @param ack send → {@code message.ack}, from the scheduled send time
 */
public record PhaseResult(String name, double rate, double seconds, long sent, long acked, long delivered,
        double deliveriesPerSecond, long backlog, long skipped, long errors, Latency delivery, Latency ack) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%-10s rate %7.1f/s  sent %7d  acked %7d  delivered %8d (%9.1f/s)  backlog %6d  skipped %d  "
                        + "errors %d%n             delivery %s%n             ack      %s",
                this.name, this.rate, this.sent, this.acked, this.delivered, this.deliveriesPerSecond, this.backlog,
                this.skipped, this.errors, this.delivery, this.ack);
    }
}
