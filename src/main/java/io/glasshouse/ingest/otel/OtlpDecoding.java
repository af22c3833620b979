package io.glasshouse.ingest.otel;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Turns an OTLP/HTTP trace request body into an {@link ExportTraceServiceRequest}, and a response
 * into the body to send back in the same format. Accepts {@code application/x-protobuf} and
 * {@code application/json} (OTLP/JSON), optionally gzip-compressed; the decompressed body is
 * capped at {@code maxDecodedBytes} so a gzip bomb costs at most that much memory.
 *
 * <p>OTLP/JSON differs from the proto3 JSON mapping in one place that matters: trace and span ids
 * are hex, not base64. Hex digits are all base64 characters, so the JSON parser silently decodes a
 * 32-hex trace id as 24 bytes of base64; we undo that by re-encoding and reading the text as hex
 * (a proper base64 id is 16 or 8 bytes and is left alone).
 */
public final class OtlpDecoding {
    /** A protobuf body of 5 MB is about 10-15 MB as OTLP/JSON; 16 MiB leaves room for both. */
    public static final int DEFAULT_MAX_DECODED_BYTES = 16 * 1024 * 1024;

    private static final int MAX_ERROR_DETAIL = 300;
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    /** The two OTLP/HTTP encodings. */
    public enum Format {
        PROTOBUF("application/x-protobuf"),
        JSON("application/json");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        /** The Content-Type to answer with. */
        public String mediaType() {
            return mediaType;
        }
    }

    private final int maxDecodedBytes;

    public OtlpDecoding(int maxDecodedBytes) {
        if (maxDecodedBytes < 1) {
            throw new IllegalArgumentException("maxDecodedBytes must be positive");
        }
        this.maxDecodedBytes = maxDecodedBytes;
    }

    /** The format named by a Content-Type header (parameters such as charset are ignored). */
    public static Format format(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (mediaType) {
            case "application/x-protobuf", "application/protobuf" -> Format.PROTOBUF;
            case "application/json" -> Format.JSON;
            default -> throw new GlasshouseException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    (mediaType.isEmpty() ? "Content-Type is missing" : "Content-Type " + mediaType + " is not supported")
                            + "; OTLP/HTTP traces must be application/x-protobuf or application/json");
        };
    }

    /**
     * Decodes a request body.
     *
     * @param contentEncoding the Content-Encoding header: null, empty or {@code identity} for none, or {@code gzip}
     * @throws GlasshouseException UNSUPPORTED_MEDIA_TYPE for another content type or encoding,
     *     PAYLOAD_TOO_LARGE past the size cap, INVALID_REQUEST when the body does not decode
     */
    public ExportTraceServiceRequest decode(byte[] body, String contentType, String contentEncoding) {
        Format format = format(contentType);
        byte[] decoded = decompress(body, contentEncoding);
        return switch (format) {
            case PROTOBUF -> parseProtobuf(decoded);
            case JSON -> parseJson(decoded);
        };
    }

    /** The response body in {@code format}; an empty response is {@code {}} in JSON. */
    public static byte[] encode(ExportTraceServiceResponse response, Format format) {
        return switch (format) {
            case PROTOBUF -> response.toByteArray();
            case JSON -> {
                try {
                    yield JSON_PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("an OTLP response always prints as JSON", e);
                }
            }
        };
    }

    /**
     * An OTLP/HTTP error body: the spec asks for a {@code google.rpc.Status} in the request's
     * format for every 4xx and 5xx answer. Its code is the gRPC status the gRPC endpoint would
     * answer with; the HTTP status stays {@link ErrorCode#httpStatus()}.
     */
    public static byte[] encodeError(ErrorCode code, String message, Format format) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(GrpcStatuses.code(code).value())
                .setMessage(message)
                .build();
        return switch (format) {
            case PROTOBUF -> status.toByteArray();
            case JSON -> {
                try {
                    yield JSON_PRINTER.print(status).getBytes(StandardCharsets.UTF_8);
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("a status always prints as JSON", e);
                }
            }
        };
    }

    private byte[] decompress(byte[] body, String contentEncoding) {
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        boolean gzip = switch (encoding) {
            case "gzip", "x-gzip" -> true;
            // A gzip body whose header a proxy dropped: neither protobuf nor JSON starts with 1f 8b.
            case "", "identity" -> body.length > 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
            default -> throw new GlasshouseException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding " + encoding + " is not supported; send gzip or no encoding");
        };
        if (!gzip) {
            if (body.length > maxDecodedBytes) {
                throw tooLarge();
            }
            return body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxDecodedBytes, Math.max(body.length * 4, 1024)));
            byte[] buffer = new byte[64 * 1024];
            int total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxDecodedBytes) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw GlasshouseException.invalid("the body is not valid gzip (" + e.getMessage()
                    + "); compress it with gzip or drop the Content-Encoding header");
        }
    }

    private GlasshouseException tooLarge() {
        return new GlasshouseException(ErrorCode.PAYLOAD_TOO_LARGE, "the decoded body exceeds " + maxDecodedBytes
                + " bytes; export smaller batches (BatchSpanProcessor maxExportBatchSize)");
    }

    static ExportTraceServiceRequest parseProtobuf(byte[] body) {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw GlasshouseException.invalid("the body is not an OTLP ExportTraceServiceRequest in protobuf ("
                    + detail(e) + "); send application/json if it is OTLP/JSON");
        }
        // Random bytes can parse as nothing but unknown fields; a real export never looks like that.
        if (request.getResourceSpansCount() == 0 && !request.getUnknownFields().asMap().isEmpty()) {
            throw GlasshouseException.invalid("the body decoded to no resourceSpans and unknown fields only;"
                    + " it is not an OTLP trace export (was it sent to the traces endpoint by mistake?)");
        }
        return request;
    }

    private static ExportTraceServiceRequest parseJson(byte[] body) {
        String text = LoneSurrogateEscapes.replace(new String(body, StandardCharsets.UTF_8));
        if (text.isBlank()) {
            throw GlasshouseException.invalid("the body is empty; an OTLP/JSON export is a JSON object ({} when empty)");
        }
        ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
        try {
            JSON_PARSER.merge(text, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw GlasshouseException.invalid("the body is not an OTLP/JSON ExportTraceServiceRequest (" + detail(e) + ")");
        }
        for (ResourceSpans.Builder resourceSpans : builder.getResourceSpansBuilderList()) {
            for (ScopeSpans.Builder scopeSpans : resourceSpans.getScopeSpansBuilderList()) {
                for (Span.Builder span : scopeSpans.getSpansBuilderList()) {
                    span.setTraceId(hexId(span.getTraceId(), 16));
                    span.setSpanId(hexId(span.getSpanId(), 8));
                    span.setParentSpanId(hexId(span.getParentSpanId(), 8));
                    for (Span.Link.Builder link : span.getLinksBuilderList()) {
                        link.setTraceId(hexId(link.getTraceId(), 16));
                        link.setSpanId(hexId(link.getSpanId(), 8));
                    }
                }
            }
        }
        return builder.build();
    }

    // The base64 decoder read 2n hex characters as 1.5n bytes; re-encoding gives the text back.
    private static ByteString hexId(ByteString decodedAsBase64, int idBytes) {
        if (decodedAsBase64.size() != idBytes * 3 / 2) {
            return decodedAsBase64;
        }
        String text = Base64.getEncoder().encodeToString(decodedAsBase64.toByteArray());
        for (int i = 0; i < text.length(); i++) {
            if (!HexFormat.isHexDigit(text.charAt(i))) {
                return decodedAsBase64;
            }
        }
        return ByteString.copyFrom(HexFormat.of().parseHex(text));
    }

    private static String detail(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > MAX_ERROR_DETAIL ? message.substring(0, MAX_ERROR_DETAIL) + "…" : message;
    }
}
