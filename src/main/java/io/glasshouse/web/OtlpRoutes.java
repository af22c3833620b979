package io.glasshouse.web;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.otel.OtlpDecoding;
import io.glasshouse.ingest.otel.OtlpTraceIngest;
import io.glasshouse.model.ProjectId;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP trace export: Langfuse's path and the collector's standard path, so exporters work
 * with either {@code OTEL_EXPORTER_OTLP_ENDPOINT=http://host:3000/api/public/otel} or
 * {@code http://host:3000}. Errors are answered as OTLP wants them: a google.rpc.Status in the
 * request's own encoding.
 */
final class OtlpRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpRoutes.class);

    private final OtlpDecoding decoding;
    private final OtlpTraceIngest ingest;
    private final RequestAuth authenticator;

    OtlpRoutes(OtlpDecoding decoding, OtlpTraceIngest ingest, RequestAuth authenticator) {
        this.decoding = decoding;
        this.ingest = ingest;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.post("/api/public/otel/v1/traces", this::export);
        app.post("/v1/traces", this::export);
    }

    // Body and request are gone once this returns, before the wait for the commit.
    private CompletableFuture<ExportTraceServiceResponse> submit(Context ctx, ProjectId project) {
        byte[] body = RequestSizeLimit.body(ctx.req());
        return ingest.submit(project, decoding.decode(body, ctx.contentType(), ctx.header("Content-Encoding")));
    }

    private void export(Context ctx) {
        // An unknown content type gets the common JSON error (415): there is no encoding to answer in.
        OtlpDecoding.Format format = OtlpDecoding.format(ctx.contentType());
        try {
            ExportTraceServiceResponse response = OtlpTraceIngest.await(submit(ctx, authenticator.project(ctx)));
            ctx.status(200).contentType(format.mediaType()).result(OtlpDecoding.encode(response, format));
        } catch (GlasshouseException e) {
            if (e.code().httpStatus() == 429 || e.code().httpStatus() == 503) {
                ctx.header("Retry-After", "1");
            }
            // As ErrorResponses: what went wrong inside is logged, never sent (it may quote SQL).
            boolean internal = e.code().kind() == ErrorCode.Kind.INTERNAL || e.code().kind() == ErrorCode.Kind.OPERATOR;
            if (internal) {
                LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
            }
            ctx.status(e.code().httpStatus()).contentType(format.mediaType())
                    .result(OtlpDecoding.encodeError(e.code(),
                            internal ? "internal error; the server log has details" : e.getMessage(), format));
        }
    }
}
