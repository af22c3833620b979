package io.glasshouse.web;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure to one JSON shape, {@code {"message": ..., "error": CODE}} (Langfuse's
 * error fields), with the status decided by {@link ErrorCode}. Clients never see a stack trace;
 * bad input never becomes a 500.
 */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    /**
     * @param uiIndex the UI's index.html, served for unknown GET paths outside the APIs so that
     *     links into the single-page app work; null when the build has no UI
     */
    static void register(Javalin app, byte[] uiIndex) {
        app.exception(GlasshouseException.class, (e, ctx) -> {
            if (e.code().kind() == ErrorCode.Kind.INTERNAL) {
                LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
            }
            if (e.code() == ErrorCode.TOO_MANY_REQUESTS || e.code() == ErrorCode.STORAGE_UNAVAILABLE) {
                ctx.header("Retry-After", "1");
            }
            send(ctx, e.code().httpStatus(), e.code().name(), e.code().kind() == ErrorCode.Kind.INTERNAL
                    ? "internal error; the server log has details"
                    : e.getMessage());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> send(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            send(ctx, 500, ErrorCode.INTERNAL.name(), "internal error; the server log has details");
        });
        // Runs after the exception mapping above, so it replaces an unknown-route JSON error.
        app.error(404, ctx -> {
            if (uiIndex != null && isUiPage(ctx)) {
                ctx.status(200).contentType("text/html; charset=utf-8").result(uiIndex);
                return;
            }
            if (ctx.result() == null || ctx.result().isEmpty()) {
                send(ctx, 404, ErrorCode.NOT_FOUND.name(), "no route for " + ctx.method() + " " + ctx.path());
            }
        });
    }

    // A page of the UI: a GET outside the API and protocol paths. API clients get JSON errors.
    private static boolean isUiPage(Context ctx) {
        String path = ctx.path();
        return ctx.method() == io.javalin.http.HandlerType.GET
                && !path.startsWith("/api/")
                && !path.startsWith("/v1/")
                && !path.equals("/metrics");
    }

    static void send(Context ctx, int status, String error, String message) {
        ctx.status(status).json(Map.of("message", message, "error", error));
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.INVALID_REQUEST.name();
            case 401 -> ErrorCode.UNAUTHORIZED.name();
            case 403 -> ErrorCode.FORBIDDEN.name();
            case 404 -> ErrorCode.NOT_FOUND.name();
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED.name();
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.name();
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE.name();
            case 429 -> ErrorCode.TOO_MANY_REQUESTS.name();
            default -> status >= 500 ? ErrorCode.INTERNAL.name() : ErrorCode.INVALID_REQUEST.name();
        };
    }
}
