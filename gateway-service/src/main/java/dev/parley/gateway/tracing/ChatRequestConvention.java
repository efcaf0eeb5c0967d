package dev.parley.gateway.tracing;

import java.util.regex.Pattern;

import io.micrometer.common.KeyValues;
import io.rsocket.micrometer.observation.RSocketContext;
import io.rsocket.micrometer.observation.RSocketRequesterObservationConvention;

/**
 * Names and tags the observation of a request to chat-service. The route is tagged as its template
 * ({@code messages.{id}.post}): routes carry room ids, and a tag per room would make a metric series per room.
 */
public final class ChatRequestConvention implements RSocketRequesterObservationConvention {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Override
    public String getName() {
        return "rsocket.request";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RSocketContext context) {
        String route = context.getRoute() == null ? "none" : UUID.matcher(context.getRoute()).replaceAll("{id}");
        return KeyValues.of("rsocket.request-type", context.getFrameType().name(), "rsocket.route", route);
    }
}
