package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A ClickHouse server reached over its HTTP interface. Every request carries the database, the
 * bound parameters ({@code param_<name>}) and the settings that make the server answer exactly
 * like the embedded engine: {@code JSON} output with unquoted 64-bit integers, and the whole
 * result buffered server-side ({@code wait_end_of_query=1}) so that a failing statement always
 * answers with an error status instead of a 200 followed by an error in the body.
 */
public final class HttpClickHouse implements ClickHouse {
    private static final Pattern FORMAT_NAME = Pattern.compile("[A-Za-z0-9_]+");
    // A server that refused the credentials, as opposed to one that refused a statement.
    private static final Set<Integer> AUTHENTICATION_CODES = Set.of(
            192, // UNKNOWN_USER
            193, // WRONG_PASSWORD
            194, // REQUIRED_PASSWORD
            516); // AUTHENTICATION_FAILED

    private final HttpClickHouseConfig config;
    private final HttpClient client;
    private final String serverVersion;
    private volatile boolean closed;

    private HttpClickHouse(HttpClickHouseConfig config, HttpClient client, String serverVersion) {
        this.config = config;
        this.client = client;
        this.serverVersion = serverVersion;
    }

    /**
     * Checks that the server answers and accepts the credentials, creates the database when it is
     * missing, and returns a transport bound to it. Fails with ONE message that says what to fix:
     * {@link ErrorCode#STORAGE_UNAVAILABLE} when the server cannot be reached,
     * {@link ErrorCode#CONFIGURATION} when it refuses the user or password.
     */
    public static HttpClickHouse connect(HttpClickHouseConfig config) {
        requireNonNull(config, "config is null");
        HttpClient client = HttpClient.newBuilder()
                // ClickHouse speaks HTTP/1.1 only; this also avoids an h2c upgrade attempt per connection.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .build();
        try {
            HttpClickHouse probe = new HttpClickHouse(config, client, "unknown");
            String version = probe.versionOrRefusal();
            // Looked up first: a user without CREATE DATABASE may still use an existing database.
            QueryResult existing = QueryResult.parse(probe.send(
                    Sql.of("SELECT name FROM system.databases WHERE name = {database:String}")
                            .bind("database", config.database())
                            .build(),
                    false, Attempts.RETRY_ONCE));
            if (existing.isEmpty()) {
                probe.send(Sql.plain("CREATE DATABASE IF NOT EXISTS " + config.database()), false, Attempts.ONCE);
            }
            return new HttpClickHouse(config, client, version);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    // A read may be sent twice: a connection the server closed while it sat in the pool fails
    // the first attempt before anything ran. Statements that change data are sent once.
    @Override
    public QueryResult query(Sql sql) {
        return QueryResult.parse(send(sql, true, Attempts.RETRY_ONCE));
    }

    @Override
    public void execute(Sql sql) {
        send(sql, true, Attempts.ONCE);
    }

    @Override
    public void insert(String insertSql, String format, List<byte[]> chunks) {
        requireNonNull(insertSql, "insertSql is null");
        if (!FORMAT_NAME.matcher(format).matches()) {
            throw new IllegalArgumentException("bad format name: " + format);
        }
        Map<String, String> parameters = commonParameters(true);
        // The statement travels in the URL so that the body can be the rows alone, streamed.
        parameters.put("query", insertSql.strip() + " FORMAT " + format);
        exchange(parameters, "application/octet-stream", BodyPublishers.ofByteArrays(List.copyOf(chunks)), insertSql,
                Attempts.ONCE);
    }

    @Override
    public String database() {
        return config.database();
    }

    @Override
    public String describe() {
        return "ClickHouse " + serverVersion + " at " + config.url() + " as user " + config.user() + ", database "
                + config.database();
    }

    /** Waits for requests in flight, then releases the client's connections and threads. */
    @Override
    public void close() {
        closed = true;
        client.close();
    }

    private String versionOrRefusal() {
        try {
            Map<String, String> parameters = commonParameters(false);
            // No statement in the error: the server's own words are the clearest message here.
            byte[] version = exchange(parameters, "SELECT version() AS version", null, Attempts.RETRY_ONCE);
            return QueryResult.parse(version).scalar().asText();
        } catch (ClickHouseException e) {
            if (AUTHENTICATION_CODES.contains(e.clickHouseCode())) {
                throw GlasshouseException.configuration("ClickHouse at " + config.url() + " refused user '"
                        + config.user() + "': " + firstLine(e.getMessage())
                        + " Check the ClickHouse user and password Glasshouse is configured with.");
            }
            throw e;
        }
    }

    private byte[] send(Sql sql, boolean inDatabase, Attempts attempts) {
        Map<String, String> parameters = commonParameters(inDatabase);
        sql.parameters().forEach((name, value) -> parameters.put("param_" + name, value));
        return exchange(parameters, sql.text(), sql.text(), attempts);
    }

    private Map<String, String> commonParameters(boolean inDatabase) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (inDatabase) {
            parameters.put("database", config.database());
        }
        parameters.put("default_format", QueryResult.FORMAT);
        // The embedded engine is started with the same setting (ChdbEngine): both answer alike.
        parameters.put("output_format_json_quote_64bit_integers", "0");
        parameters.put("wait_end_of_query", "1");
        // The server stops a statement soon after we stop waiting for it, instead of finishing
        // work nobody reads (a second past the request timeout, so the client's own timeout,
        // with its clearer message, comes first).
        parameters.put("max_execution_time", Long.toString(config.requestTimeout().toSeconds() + 1));
        return parameters;
    }

    private byte[] exchange(Map<String, String> parameters, String sqlBody, String statement, Attempts attempts) {
        return exchange(parameters, "text/plain; charset=UTF-8", BodyPublishers.ofString(sqlBody, StandardCharsets.UTF_8),
                statement, attempts);
    }

    private enum Attempts { ONCE, RETRY_ONCE }

    private byte[] exchange(Map<String, String> parameters, String contentType, BodyPublisher body, String statement,
            Attempts attempts) {
        if (closed) {
            throw new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "storage is shutting down");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(withQuery(parameters))
                .timeout(config.requestTimeout())
                .header("Content-Type", contentType)
                .header("X-ClickHouse-User", config.user())
                .POST(body);
        if (!config.password().isEmpty()) {
            request.header("X-ClickHouse-Key", config.password());
        }
        HttpResponse<byte[]> response;
        try {
            try {
                response = client.send(request.build(), BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // A timeout is not retried: the statement may still be running, and waiting twice helps nobody.
                if (attempts == Attempts.ONCE || e instanceof HttpTimeoutException || e instanceof ConnectException) {
                    throw e;
                }
                response = client.send(request.build(), BodyHandlers.ofByteArray());
            }
        } catch (IOException e) {
            throw new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE,
                    "cannot reach ClickHouse at " + config.url() + ": " + HttpClickHouseFailures.reason(e, config), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE,
                    "interrupted while waiting for ClickHouse at " + config.url());
        }
        if (response.statusCode() == 200 && response.headers().firstValue("X-ClickHouse-Exception-Code").isEmpty()) {
            return response.body();
        }
        throw HttpClickHouseFailures.fromResponse(response, config.url(), statement);
    }

    private URI withQuery(Map<String, String> parameters) {
        StringBuilder uri = new StringBuilder(config.url().toString()).append('?');
        parameters.forEach((name, value) -> {
            if (uri.charAt(uri.length() - 1) != '?') {
                uri.append('&');
            }
            uri.append(encode(name)).append('=').append(encode(value));
        });
        return URI.create(uri.toString());
    }

    // %20 rather than '+' for spaces: every server decodes it the same way.
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
