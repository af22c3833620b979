package io.glasshouse.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import io.javalin.Javalin;

/**
 * Serves the OpenAPI 3.1 description of the public API, a static file kept in step with the
 * routes by TestOpenApiDocument. Unauthenticated, like Langfuse's, so tools can read it first.
 */
final class OpenApiRoutes {
    static final String PATH = "/api/public/openapi.json";
    static final String RESOURCE = "/io/glasshouse/web/openapi.json";

    private OpenApiRoutes() {}

    static void register(Javalin app) {
        byte[] document = document();
        app.get(PATH, ctx -> ctx.contentType("application/json").result(document));
    }

    static byte[] document() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
