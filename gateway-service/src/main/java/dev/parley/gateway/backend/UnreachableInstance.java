package dev.parley.gateway.backend;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

import reactor.util.retry.Retry;

/**
 * A request that could not even be sent, because its instance cannot be connected to (it is down, or restarting): the
 * one room-service's load balancer picked, or a room's chat-service instance. NOTE: the load balancer offers a lost
 * instance again every few seconds so that a restarted one is used again (BackendConfiguration); while it is still
 * down, a request that drew it goes to the next instance ({@link ChatInstances}: the room's next instance). Always
 * safe: nothing reached any server.
 */
final class UnreachableInstance {

    /** Tries the next instances: as many more as there may be down at once in a small deployment. */
    static final Retry NEXT_INSTANCE = Retry.max(2).filter(UnreachableInstance::is)
            .onRetryExhaustedThrow((spec, signal) -> signal.failure());

    private UnreachableInstance() {
    }

    static boolean is(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            // Refused, timed out, no route to the host (a pod that is gone), or a name that resolves to nothing yet.
            if (e instanceof ConnectException || e instanceof NoRouteToHostException
                    || e instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
