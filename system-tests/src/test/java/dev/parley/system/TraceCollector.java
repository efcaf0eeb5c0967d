package dev.parley.system;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A minimal OTLP/HTTP trace receiver for the tests: the services export their spans here (protobuf,
 * {@code POST /v1/traces}) and the tests look at who reported which span of which trace. Reads only the few fields
 * it needs from the protobuf wire format, so the tests need no OpenTelemetry or protobuf library of their own.
 */
public final class TraceCollector implements AutoCloseable {

    /** One span as a service reported it. */
    public record Span(String service, String traceId, String spanId, String parentSpanId, String name) {
    }

    private final HttpServer server;

    private final List<Span> spans = new CopyOnWriteArrayList<>();

    private TraceCollector(HttpServer server) {
        this.server = server;
    }

    /** Starts a collector on a free local port. */
    public static TraceCollector start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TraceCollector collector = new TraceCollector(server);
            server.createContext("/v1/traces", collector::receive);
            server.start();
            return collector;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Where the services export to ({@code management.opentelemetry.tracing.export.otlp.endpoint}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
    }

    /** Every span received so far. */
    public List<Span> spans() {
        return List.copyOf(spans);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                bytes = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
            }
            // ExportTraceServiceRequest: 1 = ResourceSpans
            fields(ByteBuffer.wrap(bytes), (field, value) -> {
                if (field == 1) {
                    resourceSpans(value);
                }
            });
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
        }
    }

    /** ResourceSpans: 1 = Resource (1 = attributes), 2 = ScopeSpans (2 = spans). */
    private void resourceSpans(ByteBuffer resourceSpans) {
        String[] service = { "?" };
        List<ByteBuffer> scopeSpans = new ArrayList<>();
        fields(resourceSpans, (field, value) -> {
            if (field == 1) {
                fields(value, (resourceField, attribute) -> {
                    if (resourceField == 1) {
                        String[] keyAndValue = keyValue(attribute);
                        if ("service.name".equals(keyAndValue[0])) {
                            service[0] = keyAndValue[1];
                        }
                    }
                });
            }
            else if (field == 2) {
                scopeSpans.add(value);
            }
        });
        for (ByteBuffer scope : scopeSpans) {
            fields(scope, (field, span) -> {
                if (field == 2) {
                    spans.add(span(service[0], span));
                }
            });
        }
    }

    /** KeyValue: 1 = key, 2 = AnyValue (1 = string_value). */
    private static String[] keyValue(ByteBuffer keyValue) {
        String[] result = { null, null };
        fields(keyValue, (field, value) -> {
            if (field == 1) {
                result[0] = string(value);
            }
            else if (field == 2) {
                fields(value, (anyField, any) -> {
                    if (anyField == 1) {
                        result[1] = string(any);
                    }
                });
            }
        });
        return result;
    }

    /** Span: 1 = trace_id, 2 = span_id, 4 = parent_span_id, 5 = name. */
    private static Span span(String service, ByteBuffer span) {
        String[] values = new String[6];
        fields(span, (field, value) -> {
            if (field == 1 || field == 2 || field == 4) {
                byte[] id = new byte[value.remaining()];
                value.get(id);
                values[field] = HexFormat.of().formatHex(id);
            }
            else if (field == 5) {
                values[5] = string(value);
            }
        });
        return new Span(service, values[1], values[2], values[4], values[5]);
    }

    /** Calls back with each length-delimited field of a message; other wire types are skipped. */
    private static void fields(ByteBuffer message, BiConsumer<Integer, ByteBuffer> onField) {
        ByteBuffer in = message.slice();
        while (in.hasRemaining()) {
            long tag = varint(in);
            int field = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> varint(in);
                case 1 -> in.position(in.position() + 8);
                case 5 -> in.position(in.position() + 4);
                case 2 -> {
                    int length = (int) varint(in);
                    ByteBuffer value = in.slice(in.position(), length);
                    in.position(in.position() + length);
                    onField.accept(field, value);
                }
                default -> throw new IllegalArgumentException("unsupported protobuf wire type in tag " + tag);
            }
        }
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte next = in.get();
            value |= (long) (next & 0x7f) << shift;
            if ((next & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    private static String string(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
