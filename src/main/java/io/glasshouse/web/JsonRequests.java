package io.glasshouse.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/** JSON request bodies of the REST endpoints: media type, parsing and the path parameter checks they share. */
final class JsonRequests {
    static final int MAX_ID_CHARS = 800;
    private static final int MAX_NESTING_DEPTH = 64;
    // Prices arrive as decimals such as 0.0000025; read them exactly.
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonRequests() {}

    /** Refuses a body declared as anything but JSON; a missing Content-Type is read as JSON. */
    static void requireJson(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new GlasshouseException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send the request body as application/json, not " + contentType);
        }
    }

    /** The body as a JSON object. */
    static JsonNode object(Context ctx) {
        requireJson(ctx);
        JsonNode body;
        try {
            body = JSON.readTree(RequestSizeLimit.body(ctx.req()));
        } catch (JsonProcessingException e) {
            throw GlasshouseException.invalid("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw GlasshouseException.invalid("request body could not be read: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw GlasshouseException.invalid("request body must be a JSON object");
        }
        return body;
    }

    /** A path parameter that names an id: 1 to 800 characters. */
    static String id(Context ctx, String name) {
        String id = ctx.pathParam(name);
        if (id.isBlank() || id.length() > MAX_ID_CHARS) {
            throw GlasshouseException.invalid(name + " must be 1-" + MAX_ID_CHARS + " characters");
        }
        return id;
    }
}
