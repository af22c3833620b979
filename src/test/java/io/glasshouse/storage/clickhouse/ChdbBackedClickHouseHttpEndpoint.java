package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.glasshouse.error.GlasshouseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * Stands in for a ClickHouse server in tests: it speaks ClickHouse's HTTP interface on a loopback
 * port and runs every statement on the test JVM's embedded chDB engine. No ClickHouse server can
 * be installed on the build machines (DESIGN.md §1); this is how {@link HttpClickHouse} meets a
 * real engine. It is not ClickHouse's HTTP handler, only as much of its behaviour as clients see:
 *
 * <ul>
 *   <li>{@code GET /ping} and a bare {@code GET /} answer {@code Ok.}; any other path takes queries.
 *   <li>The statement is the {@code query} parameter, then a newline, then the body, as ClickHouse
 *       joins them; {@code INSERT … FORMAT X} followed by rows streams the rows into the engine.
 *   <li>{@code param_<name>} binds (in queries; the header of an {@code INSERT … FORMAT} takes
 *       none), {@code database} / {@code X-ClickHouse-Database} and {@code default_format} /
 *       {@code X-ClickHouse-Format} select, {@code query_id} is echoed. A database that does not
 *       exist is 81 UNKNOWN_DATABASE, as on a server.
 *   <li>Credentials are checked as ClickHouse checks them ({@link ClickHouseHttpAccount});
 *       refusals are 516 with HTTP 403. A {@code GET} may only read (164 READONLY), and several
 *       statements in one request are refused (62 SYNTAX_ERROR), both as ClickHouse does.
 *   <li>Errors answer with ClickHouse's status for the code, {@code X-ClickHouse-Exception-Code}
 *       and a {@code Code: N. DB::Exception: …} body. The whole result is buffered, so behaviour is
 *       always that of {@code wait_end_of_query=1}.
 *   <li>Every other parameter is a setting. Settings reach the engine as a SETTINGS clause of a
 *       SELECT or of an {@code INSERT … FORMAT}; for any other statement (DDL, INSERT … VALUES or
 *       SELECT, SHOW, EXPLAIN…) they are ignored, unknown names included, where a server would
 *       apply or refuse them. HTTP-handler settings reach the engine but do nothing there:
 *       responses are never compressed or sent with progress headers, and exceptions are never
 *       written in the output format ({@code http_write_exception_in_output_format}). Queries
 *       get a server's default {@code output_format_json_quote_64bit_integers=1} unless the
 *       request sets it; the engine itself runs with 0 (ChdbEngine).
 *   <li>Ignored outright: {@code session_id} and friends (every request is its own session, so
 *       SET and temporary tables do not survive it), {@code quota_key}, {@code role},
 *       {@code buffer_size}, {@code stacktrace}. Refused: {@code compress=1} and
 *       {@code decompress=1} (ClickHouse's native block compression, 48 NOT_IMPLEMENTED).
 *       A gzip request body ({@code Content-Encoding: gzip}) is accepted.
 * </ul>
 */
final class ChdbBackedClickHouseHttpEndpoint implements AutoCloseable {
    private static final String DEFAULT_DATABASE = "default";
    private static final int INSERT_CHUNK_BYTES = 1 << 20;
    private static final byte[] OK = "Ok.\n".getBytes(StandardCharsets.UTF_8);
    // URL parameters that are not settings (ClickHouse's HTTPHandler keeps the same list).
    private static final Set<String> NOT_SETTINGS = Set.of(
            "query", "database", "default_format", "user", "password", "quota_key", "query_id", "stacktrace",
            "role", "buffer_size", "wait_end_of_query", "session_id", "session_timeout", "session_check",
            "client_protocol_version", "close_session", "compress", "decompress");
    // Where a ClickHouse server's defaults differ from how the test engine runs (ChdbEngine starts
    // it with unquoted 64-bit integers), queries get the server's value unless the request sets
    // one; a value the engine already has is not spelled out, so error messages quote the
    // statement as the client sent it.
    private static final Map<String, String> SERVER_DEFAULTS = Map.of("output_format_json_quote_64bit_integers", "1");
    private static final Map<String, String> ENGINE_SETTINGS = Map.of("output_format_json_quote_64bit_integers", "0");

    private final HttpServer server;
    private final ExecutorService executor;
    private final ClickHouseHttpAccount account;
    private final EmbeddedClickHouse defaultDatabase;
    private final Map<String, EmbeddedClickHouse> databases = new ConcurrentHashMap<>();

    private ChdbBackedClickHouseHttpEndpoint(HttpServer server, ExecutorService executor, String user, String password) {
        this.server = server;
        this.executor = executor;
        this.account = new ClickHouseHttpAccount(user, password);
        this.defaultDatabase = open(DEFAULT_DATABASE);
        databases.put(DEFAULT_DATABASE, defaultDatabase);
    }

    /** Starts serving on a free loopback port; only {@code user} with {@code password} may query. */
    static ChdbBackedClickHouseHttpEndpoint start(String user, String password) {
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(16, task -> {
            Thread thread = new Thread(task, "chdb-http-endpoint-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ChdbBackedClickHouseHttpEndpoint endpoint =
                    new ChdbBackedClickHouseHttpEndpoint(server, executor, user, password);
            server.createContext("/", endpoint::handle);
            server.setExecutor(executor);
            server.start();
            return endpoint;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL, as an operator would pass it in {@code --clickhouse-url}. */
    URI url() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    /** Stops serving, waits for requests in flight, then closes every engine connection it opened. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        databases.values().forEach(EmbeddedClickHouse::close);
        databases.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                serve(exchange);
            } catch (ClickHouseHttpError e) {
                respondWithError(exchange, e);
            } catch (ClickHouseException e) {
                respondWithError(exchange, ClickHouseHttpError.fromEngine(e));
            } catch (RuntimeException e) {
                respondWithError(exchange, ClickHouseHttpError.of(ClickHouseHttpError.STD_EXCEPTION, "STD_EXCEPTION",
                        e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (exchange.getRequestURI().getPath().equals("/ping")) {
            respond(exchange, 200, "text/plain; charset=UTF-8", OK);
            return;
        }
        Map<String, String> parameters = parameters(exchange.getRequestURI().getRawQuery());
        byte[] body = body(exchange);
        if (method.equals("GET") && !parameters.containsKey("query") && body.length == 0) {
            respond(exchange, 200, "text/plain; charset=UTF-8", OK);
            return;
        }
        account.authenticate(exchange.getRequestHeaders(), parameters);
        run(exchange, method, parameters, body);
    }

    private void run(HttpExchange exchange, String method, Map<String, String> parameters, byte[] body)
            throws IOException {
        Headers headers = exchange.getRequestHeaders();
        if (isOn(parameters.get("compress")) || isOn(parameters.get("decompress"))) {
            throw ClickHouseHttpError.of(ClickHouseHttpError.NOT_IMPLEMENTED, "NOT_IMPLEMENTED",
                    "this test endpoint does not implement ClickHouse's native compression (compress/decompress)");
        }
        EmbeddedClickHouse database = database(firstNonEmpty(
                headers.getFirst("X-ClickHouse-Database"), parameters.get("database"), DEFAULT_DATABASE));
        String defaultFormat = firstNonEmpty(
                headers.getFirst("X-ClickHouse-Format"), parameters.get("default_format"), "TabSeparated");
        ClickHouseHttpStatement statement = ClickHouseHttpStatement.parse(joined(parameters.get("query"), body));
        if (method.equals("GET") && !statement.isReadOnly()) {
            throw ClickHouseHttpError.of(ClickHouseHttpError.READONLY, "READONLY",
                    "Cannot execute query in readonly mode. For queries over HTTP, method GET implies readonly."
                            + " You should use method POST for modifying queries");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> bound = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (name.startsWith("param_")) {
                bound.put(name.substring("param_".length()), value);
            } else if (!NOT_SETTINGS.contains(name) && !name.isEmpty()) {
                settings.put(name, value);
            }
        });
        String queryId = firstNonEmpty(parameters.get("query_id"), headers.getFirst("X-ClickHouse-Query-Id"),
                UUID.randomUUID().toString());
        exchange.getResponseHeaders().set("X-ClickHouse-Query-Id", queryId);
        switch (statement) {
            case ClickHouseHttpStatement.InlineInsert insert -> {
                database.insert(insert.insertSqlWithSettings(forEngine(settings)), insert.format(), chunks(insert));
                respond(exchange, 200, "text/plain; charset=UTF-8", new byte[0]);
            }
            case ClickHouseHttpStatement.Query query -> {
                String format = query.format() != null ? query.format() : defaultFormat;
                SERVER_DEFAULTS.forEach(settings::putIfAbsent);
                byte[] output = database.query(new Sql(query.withSettings(forEngine(settings)), bound), defaultFormat);
                exchange.getResponseHeaders().set("X-ClickHouse-Format", format);
                respond(exchange, 200, contentType(format), output);
            }
        }
    }

    private static Map<String, String> forEngine(Map<String, String> settings) {
        Map<String, String> needed = new LinkedHashMap<>(settings);
        needed.entrySet().removeIf(setting -> setting.getValue().equals(ENGINE_SETTINGS.get(setting.getKey())));
        return needed;
    }

    // One pool per database: the embedded transport binds its database per connection (USE).
    private EmbeddedClickHouse database(String name) {
        EmbeddedClickHouse open = databases.get(name);
        if (open != null) {
            return open;
        }
        // A server answers 81 for a database that does not exist; EmbeddedClickHouse would create it.
        boolean exists = !defaultDatabase.query(Sql.of("SELECT 1 FROM system.databases WHERE name = {name:String}")
                        .bind("name", name)
                        .build())
                .isEmpty();
        if (!exists) {
            throw ClickHouseHttpError.of(ClickHouseHttpError.UNKNOWN_DATABASE, "UNKNOWN_DATABASE",
                    "Database " + name + " does not exist");
        }
        try {
            return databases.computeIfAbsent(name, ChdbBackedClickHouseHttpEndpoint::open);
        } catch (GlasshouseException e) {
            throw ClickHouseHttpError.of(ClickHouseHttpError.NOT_IMPLEMENTED, "NOT_IMPLEMENTED",
                    "this test endpoint serves databases named with letters, digits and underscores only");
        }
    }

    private static EmbeddedClickHouse open(String database) {
        return new EmbeddedClickHouse(TestingClickHouse.engine(), database, 2, Duration.ofSeconds(30));
    }

    // ClickHouse reads the query parameter, a newline, then the body, as one statement text.
    private static byte[] joined(String query, byte[] body) {
        if (query == null || query.isEmpty()) {
            return body;
        }
        byte[] head = (body.length == 0 ? query : query + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] joined = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, joined, head.length, body.length);
        return joined;
    }

    private static List<byte[]> chunks(ClickHouseHttpStatement.InlineInsert insert) {
        List<byte[]> chunks = new ArrayList<>();
        for (int offset = insert.dataOffset(); offset < insert.data().length; offset += INSERT_CHUNK_BYTES) {
            chunks.add(Arrays.copyOfRange(insert.data(), offset, Math.min(insert.data().length, offset + INSERT_CHUNK_BYTES)));
        }
        return chunks;
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        try (InputStream raw = exchange.getRequestBody()) {
            if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
                return raw.readAllBytes();
            }
            if (encoding.equalsIgnoreCase("gzip")) {
                try (InputStream gzip = new GZIPInputStream(raw)) {
                    return gzip.readAllBytes();
                }
            }
            raw.readAllBytes();
            throw ClickHouseHttpError.of(ClickHouseHttpError.NOT_IMPLEMENTED, "NOT_IMPLEMENTED",
                    "this test endpoint accepts gzip request bodies only, not " + encoding);
        }
    }

    private static void respondWithError(HttpExchange exchange, ClickHouseHttpError error) throws IOException {
        exchange.getResponseHeaders().set("X-ClickHouse-Exception-Code", Integer.toString(error.code()));
        respond(exchange, error.httpStatus(), "text/plain; charset=UTF-8", error.body().getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    // Close to ClickHouse's choices; clients rarely look past the format header.
    private static String contentType(String format) {
        String lower = format.toLowerCase(Locale.ROOT);
        if (lower.startsWith("json")) {
            return "application/json; charset=UTF-8";
        }
        if (lower.startsWith("csv")) {
            return "text/csv; charset=UTF-8; header=absent";
        }
        if (lower.startsWith("tabseparated") || lower.startsWith("tsv")) {
            return "text/tab-separated-values; charset=UTF-8";
        }
        if (lower.startsWith("rowbinary") || lower.equals("native") || lower.equals("parquet") || lower.startsWith("arrow")) {
            return "application/octet-stream";
        }
        return "text/plain; charset=UTF-8";
    }

    private static boolean isOn(String value) {
        return value != null && !value.equals("0") && !value.equalsIgnoreCase("false") && !value.isEmpty();
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static String firstNonEmpty(String first, String second, String otherwise) {
        if (!isEmpty(first)) {
            return first;
        }
        return isEmpty(second) ? otherwise : second;
    }
}
