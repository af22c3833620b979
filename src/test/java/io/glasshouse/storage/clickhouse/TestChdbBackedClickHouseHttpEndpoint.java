package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The endpoint answers the way ClickHouse's HTTP interface answers ordinary clients (curl, the
 * official drivers), not only the way {@link HttpClickHouse} happens to ask.
 */
class TestChdbBackedClickHouseHttpEndpoint {
    private static final String USER = "glasshouse";
    private static final String PASSWORD = "pw";

    private static ChdbBackedClickHouseHttpEndpoint endpoint;
    private static HttpClient http;
    private static String database;

    @BeforeAll
    static void start() {
        endpoint = ChdbBackedClickHouseHttpEndpoint.start(USER, PASSWORD);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        database = TestingClickHouse.newDatabaseName("endpoint");
        assertThat(post("", "CREATE DATABASE " + database).statusCode()).isEqualTo(200);
        assertThat(post("&database=" + database, "CREATE TABLE t (id UInt32, s String) ENGINE = MergeTree ORDER BY id")
                        .statusCode())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        http.close();
        endpoint.close();
    }

    @Test
    void answersPingAndBareGet() {
        assertThat(send(HttpRequest.newBuilder(endpoint.url().resolve("/ping")).GET()).body()).isEqualTo("Ok.\n");
        assertThat(send(HttpRequest.newBuilder(endpoint.url().resolve("/")).GET()).body()).isEqualTo("Ok.\n");
    }

    @Test
    void takesInsertHeaderFromTheQueryParameterAndRowsFromTheBody() {
        String table = "csv_rows";
        post("&database=" + database, "CREATE TABLE " + table + " (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
        HttpResponse<String> insert = send(HttpRequest.newBuilder(url("query=" + encode("INSERT INTO " + table
                                + " FORMAT CSV") + "&database=" + database))
                .header("Authorization", basic(USER, PASSWORD))
                .POST(BodyPublishers.ofString("1,\"one, with comma\"\n2,двa\n")));
        assertThat(insert.statusCode()).isEqualTo(200);

        HttpResponse<String> read = send(HttpRequest.newBuilder(url("user=" + USER + "&password=" + PASSWORD
                        + "&database=" + database + "&query=" + encode("SELECT id, s FROM " + table
                        + " ORDER BY id FORMAT TabSeparated")))
                .GET());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("1\tone, with comma\n2\tдвa\n");
        assertThat(read.headers().firstValue("X-ClickHouse-Format")).hasValue("TabSeparated");
    }

    @Test
    void takesAWholeInsertWithRowsFromAGzipBody() throws IOException {
        String table = "json_rows";
        post("&database=" + database, "CREATE TABLE " + table + " (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(("INSERT INTO " + table + " FORMAT JSONEachRow\n{\"id\":7,\"s\":\"seven\"}\n{\"id\":8,\"s\":\"8\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> insert = send(authorised("database=" + database)
                .header("Content-Encoding", "gzip")
                .POST(BodyPublishers.ofByteArray(gzipped.toByteArray())));
        assertThat(insert.statusCode()).isEqualTo(200);
        assertThat(post("&database=" + database + "&default_format=JSONEachRow", "SELECT sum(id) AS total FROM " + table).body())
                .isEqualTo("{\"total\":\"15\"}\n");
    }

    @Test
    void answersErrorsWithClickHouseStatusCodeHeaderAndBody() {
        HttpResponse<String> unknownTable = post("&database=" + database, "SELECT * FROM missing");
        assertThat(unknownTable.statusCode()).isEqualTo(404);
        assertThat(unknownTable.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("60");
        assertThat(unknownTable.body()).startsWith("Code: 60. DB::Exception: ").contains("(UNKNOWN_TABLE)")
                .doesNotContain("[statement:").endsWith("\n");

        HttpResponse<String> syntax = post("", "SELEC 1");
        assertThat(syntax.statusCode()).isEqualTo(400);
        assertThat(syntax.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("62");

        HttpResponse<String> unknownDatabase = post("&database=no_such_database", "SELECT 1");
        assertThat(unknownDatabase.statusCode()).isEqualTo(404);
        assertThat(unknownDatabase.body()).startsWith("Code: 81. DB::Exception: Database no_such_database does not exist");

        HttpResponse<String> twoStatements = post("", "SELECT 1; SELECT 2");
        assertThat(twoStatements.statusCode()).isEqualTo(400);
        assertThat(twoStatements.body()).contains("Multi-statements are not allowed");
        assertThat(post("", "SELECT 1 AS one; -- a trailing comment\n").statusCode()).isEqualTo(200);

        HttpResponse<String> empty = post("", "  ");
        assertThat(empty.body()).startsWith("Code: 62. DB::Exception: Empty query");
    }

    @Test
    void refusesWrongOrMixedCredentials() {
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(url("query=SELECT%201"))
                .header("X-ClickHouse-User", USER)
                .header("X-ClickHouse-Key", "nope")
                .GET());
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("516");
        assertThat(wrong.body()).startsWith("Code: 516. DB::Exception: glasshouse: Authentication failed")
                .endsWith("(AUTHENTICATION_FAILED)\n");

        HttpResponse<String> mixed = send(HttpRequest.newBuilder(url("user=" + USER + "&password=" + PASSWORD))
                .header("Authorization", basic(USER, PASSWORD))
                .POST(BodyPublishers.ofString("SELECT 1")));
        assertThat(mixed.statusCode()).isEqualTo(403);
        assertThat(mixed.body()).contains("not allowed to use Authorization HTTP header and authentication via parameters");

        assertThat(send(HttpRequest.newBuilder(url("query=SELECT%201")).GET()).statusCode())
                .as("the default user is not configured")
                .isEqualTo(403);
    }

    @Test
    void letsGetOnlyRead() {
        HttpResponse<String> write = send(authorised("database=" + database + "&query="
                        + encode("INSERT INTO t VALUES (1, 'x')"))
                .GET());
        assertThat(write.statusCode()).isEqualTo(500);
        assertThat(write.body()).startsWith("Code: 164. DB::Exception: Cannot execute query in readonly mode");
    }

    @Test
    void passesSettingsAndBindsParameters() {
        HttpResponse<String> limited = post("&max_result_rows=2&result_overflow_mode=throw", "SELECT number FROM numbers(10)");
        assertThat(limited.statusCode()).isEqualTo(500);
        assertThat(limited.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("396");

        HttpResponse<String> unknown = post("&no_such_setting=1", "SELECT 1");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("115");

        assertThat(post("&default_format=JSONEachRow", "SELECT toUInt64(1) AS n").body())
                .as("a server quotes 64-bit integers unless told otherwise")
                .isEqualTo("{\"n\":\"1\"}\n");
        assertThat(post("&default_format=JSONEachRow&output_format_json_quote_64bit_integers=0", "SELECT toUInt64(1) AS n")
                        .body())
                .isEqualTo("{\"n\":1}\n");
        HttpResponse<String> quoted = post("&default_format=JSONEachRow&output_format_json_quote_64bit_integers=1"
                + "&param_n=18446744073709551615&param_s=" + encode("it's\\tfine"), "SELECT {n:UInt64} AS n, {s:String} AS s");
        assertThat(quoted.body()).isEqualTo("{\"n\":\"18446744073709551615\",\"s\":\"it's\\tfine\"}\n");
        assertThat(quoted.headers().firstValue("X-ClickHouse-Query-Id")).isPresent();
    }

    private static HttpResponse<String> post(String extraParameters, String sql) {
        return send(authorised(extraParameters.replaceFirst("^&", "")).POST(BodyPublishers.ofString(sql)));
    }

    private static HttpRequest.Builder authorised(String parameters) {
        return HttpRequest.newBuilder(url(parameters))
                .header("X-ClickHouse-User", USER)
                .header("X-ClickHouse-Key", PASSWORD);
    }

    private static URI url(String parameters) {
        return URI.create(endpoint.url() + "/?" + parameters);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
