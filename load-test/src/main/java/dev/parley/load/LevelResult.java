package dev.parley.load;

/**
 * The gateway measured with a number of idle signed-in connections open.
 *
 * @param connections connections open
 * @param heapAfterGcBytes heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info})
 * @param rssBytes resident set size ({@code VmRSS} in /proc)
 * @param heapPerConnectionBytes heap growth over the baseline (no connections), per connection
 * @param rssPerConnectionBytes RSS growth over the baseline, per connection
 * @param openSeconds how long opening this level's new connections took
 * @param failed connections that could not be opened and signed in
 */
public record LevelResult(int connections, long heapAfterGcBytes, long rssBytes, long heapPerConnectionBytes,
        long rssPerConnectionBytes, double openSeconds, int failed) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%6d connections  heap %7.1f MiB (%6d B/conn)  RSS %7.1f MiB (%6d B/conn)  opened in %.1f s, "
                        + "%d failed",
                this.connections, this.heapAfterGcBytes / 1048576.0, this.heapPerConnectionBytes,
                this.rssBytes / 1048576.0, this.rssPerConnectionBytes, this.openSeconds, this.failed);
    }
}
