package io.glasshouse.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers in our JSON shape. Requests Jetty refuses before any route sees them
 * (a URI over 8 KiB: 414, headers too large: 431, a malformed request line or URI: 400) otherwise
 * get an HTML page, which API clients cannot read.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
            int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.getOutputStream().write(body(code, message));
    }

    static byte[] body(int status, String reason) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("message", message(status, reason));
        json.put("error", ErrorResponses.codeFor(status));
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always writes as JSON", e);
        }
    }

    private static String message(int status, String reason) {
        return switch (status) {
            case 414 -> "the request URI is too long; ids are at most 800 characters";
            case 431 -> "the request headers are too large";
            default -> "the request was refused before reaching a route (HTTP " + status + ")"
                    + (reason == null || reason.isBlank() ? "" : ": " + reason);
        };
    }
}
