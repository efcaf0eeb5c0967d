package dev.parley.load;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The gateway JVM on this machine, measured from outside: heap in use after a full GC through {@code jcmd} (the
 * JDK's, next to the {@code java} running this tool), resident memory from {@code /proc/<pid>/status}.
 */
final class GatewayProcess {

    /** "total 1234K, used 567K" on a heap or generation line of GC.heap_info (Serial, Parallel, G1). */
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private final long pid;

    GatewayProcess(long pid) {
        this.pid = pid;
    }

    long pid() {
        return this.pid;
    }

    /**
     * The process given, or else the one on this machine whose command line runs gateway-service and whose
     * environment says {@code PARLEY_GATEWAY_PORT=<the gateway's port>} (as the launcher starts them).
     */
    static GatewayProcess find(long givenPid, URI gateway) {
        if (givenPid > 0) {
            return new GatewayProcess(givenPid);
        }
        String portSetting = "PARLEY_GATEWAY_PORT=" + gateway.getPort();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter((dir) -> dir.getFileName().toString().matches("\\d+"))
                .filter((dir) -> read(dir.resolve("cmdline")).contains("gateway-service"))
                .filter((dir) -> List.of(read(dir.resolve("environ")).split("\0")).contains(portSetting))
                .map((dir) -> new GatewayProcess(Long.parseLong(dir.getFileName().toString())))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no gateway-service process with " + portSetting
                        + " found in /proc; give it with --gateway-pid"));
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot list /proc; give the gateway's pid with --gateway-pid", ex);
        }
    }

    /** Heap in use right after a full GC, in bytes. */
    long heapAfterGc() {
        jcmd("GC.run");
        return heapUsed(jcmd("GC.heap_info"));
    }

    /** Resident set size, in bytes. */
    long rss() {
        Matcher matcher = RSS.matcher(read(Path.of("/proc", Long.toString(this.pid), "status")));
        if (!matcher.find()) {
            throw new IllegalStateException("no VmRSS for pid " + this.pid);
        }
        return Long.parseLong(matcher.group(1)) * 1024;
    }

    /** Sums the "used" of the heap's generations (or of G1's one heap line); metaspace is not heap. */
    static long heapUsed(String heapInfo) {
        long used = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher matcher = USED.matcher(line);
            if (matcher.find()) {
                used += Long.parseLong(matcher.group(1)) * 1024;
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("cannot read GC.heap_info (only Serial, Parallel and G1 are understood): "
                    + heapInfo);
        }
        return used;
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(this.pid), command)
                .redirectErrorStream(true)
                .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + this.pid + " " + command + " failed: " + output);
            }
            return output;
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot run " + jcmd, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for jcmd", ex);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            // NOTE: processes come and go, and other users' environ is unreadable: such a process is not ours.
            return "";
        }
    }
}
