package dev.parley.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.parley.launcher.ParleySystem;
import dev.parley.launcher.ServiceInstance;

/**
 * What the servers were doing when a request went unanswered: the request-handling threads of the gateways and the
 * issuer, from {@code jcmd Thread.print}. A stalled page load and a stalled REST call have each been seen once in a
 * while on busy CI machines, never on demand; this says whether a server held the request (and where).
 */
public final class RequestThreads {

    private static final List<String> SERVICES = List.of("dev-issuer", "gateway-1", "gateway-2");

    private RequestThreads() {
    }

    /** Prints the request threads of the issuer and the gateways of {@code system}, headed by {@code what}. */
    public static void print(ParleySystem system, String what) {
        StringBuilder out = new StringBuilder("==== " + what + ": request threads of the issuer and gateways\n");
        for (String name : SERVICES) {
            ServiceInstance instance = system.instance(name);
            out.append("---- ").append(name).append('\n');
            instance.pid().ifPresentOrElse((pid) -> out.append(requestThreads(pid)),
                    () -> out.append("(not running)\n"));
        }
        System.out.print(out);
    }

    private static String requestThreads(long pid) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").redirectErrorStream(true)
                    .start();
            if (!jcmd.waitFor(20, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return "(jcmd did not answer)\n";
            }
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder threads = new StringBuilder();
            for (String thread : dump.split("\n\n")) {
                if (thread.contains("reactor-http") || thread.contains("http-nio") || thread.contains("parallel-")
                        || thread.contains("boundedElastic")) {
                    threads.append(thread).append("\n\n");
                }
            }
            return threads.toString();
        }
        catch (IOException ex) {
            return "(jcmd failed: " + ex.getMessage() + ")\n";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "(interrupted)\n";
        }
    }
}
