package dev.parley.load;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Where a run reports what it is doing. */
@FunctionalInterface
public interface Progress {

    /** Prints to standard output, with the time of day. */
    Progress CONSOLE = (line) -> System.out.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + "  " + line);

    void line(String line);

    default void say(String format, Object... args) {
        line(String.format(Locale.ROOT, format, args));
    }
}
