package dev.parley.load;

import java.util.List;

/**
 * The end-of-run completeness check: every message persisted once (history: seq 1..N, each clientMsgId once, the
 * ones sent and no others) and received by every member once, in order.
 *
 * @param passed no problem found
 * @param messages messages the history of all rooms holds
 * @param deliveries messages received by members, in total
 * @param problemCount how many problems were found
 * @param problems the first problems, described
 */
public record CheckResult(boolean passed, long messages, long deliveries, int problemCount, List<String> problems) {

    static final CheckResult NOT_RUN = new CheckResult(true, 0, 0, 0, List.of());
}
