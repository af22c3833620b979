package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * What went wrong between {@link HttpClickHouse} and the server, as the project's exceptions.
 * Messages name the URL without credentials and never echo request headers.
 */
final class HttpClickHouseFailures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CODE = Pattern.compile("Code:\\s*(\\d+)");
    private static final int MAX_FOREIGN_BODY = 200;

    private HttpClickHouseFailures() {}

    /** A response that is not a plain 200: ClickHouse's own error, or something else answering. */
    static GlasshouseException fromResponse(HttpResponse<byte[]> response, URI url, String statement) {
        String message = exceptionText(new String(response.body(), StandardCharsets.UTF_8).strip());
        Integer code = response.headers()
                .firstValue("X-ClickHouse-Exception-Code")
                .map(HttpClickHouseFailures::parseCode)
                .orElseGet(() -> codeIn(message));
        if (code != null) {
            return new ClickHouseException(code, message, statement);
        }
        int status = response.statusCode();
        String body = message.length() > MAX_FOREIGN_BODY ? message.substring(0, MAX_FOREIGN_BODY) + "…" : message;
        if (status == 502 || status == 503 || status == 504) {
            return new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE,
                    "ClickHouse at " + url + " is unavailable: HTTP " + status + (body.isEmpty() ? "" : " " + body));
        }
        return new ClickHouseException(0, "ClickHouse at " + url + " answered HTTP " + status
                + " without a ClickHouse error code; is this ClickHouse's HTTP port (usually 8123)?"
                + (body.isEmpty() ? "" : " Response: " + body), statement);
    }

    /** Why a request never got an answer, in a few words. */
    static String reason(IOException e, HttpClickHouseConfig config) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + shown(config.connectTimeout());
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + shown(config.requestTimeout());
        }
        if (causedBy(e, UnresolvedAddressException.class)) {
            return "unknown host " + config.url().getHost();
        }
        if (e instanceof ConnectException) {
            // The JDK client reports a refused connection as a ConnectException without a message.
            return e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : e.getMessage();
        }
        if (e instanceof SSLException) {
            return "TLS failed: " + e.getMessage();
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    // With http_write_exception_in_output_format=1 (the default of some 23.x/24.x releases) a
    // JSON-format error arrives as {"exception": "Code: …"} rather than as plain text.
    private static String exceptionText(String body) {
        if (!body.startsWith("{")) {
            return body;
        }
        try {
            JsonNode exception = JSON.readTree(body).path("exception");
            return exception.isTextual() ? exception.asText().strip() : body;
        } catch (IOException e) {
            return body;
        }
    }

    private static Integer codeIn(String message) {
        Matcher matcher = CODE.matcher(message);
        return matcher.find() ? parseCode(matcher.group(1)) : null;
    }

    private static Integer parseCode(String text) {
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String shown(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
