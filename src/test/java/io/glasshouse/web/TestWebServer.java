package io.glasshouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer itself, in-process: body limits, Jetty's own errors, method mismatches. */
class TestWebServer {
    private static final int MAX_BODY = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WebServer server;

    @BeforeEach
    void start() {
        // How the routes read bodies: RequestSizeLimit.body. The echo is the length and a digest.
        server = WebServer.start("127.0.0.1", 0, MAX_BODY, List.of(app ->
                app.post("/echo", ctx -> ctx.result(describe(RequestSizeLimit.body(ctx.req()))))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWithoutReadingItWhole() throws Exception {
        // No Content-Length: Javalin's own check let any size through and read it all into memory.
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[64 * MAX_BODY]))));

        assertError(response, 413, "PAYLOAD_TOO_LARGE", "larger than 1024 bytes");
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefused() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[MAX_BODY + 1])));

        assertError(response, 413, "PAYLOAD_TOO_LARGE", "1025 bytes");
    }

    @Test
    void bodiesUpToTheLimitArriveByteForByte() throws Exception {
        byte[] body = new byte[MAX_BODY];
        new Random(3).nextBytes(body);
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        HttpResponse<String> declared = send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        HttpResponse<String> empty = send(HttpRequest.newBuilder(uri("/echo")).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo(describe(body));
        assertThat(declared.body()).isEqualTo(describe(body));
        assertThat(empty.body()).isEqualTo(describe(new byte[0]));
    }

    @Test
    void aBodyShorterThanDeclaredIsABadRequest() throws Exception {
        String raw = rawHalfClosed("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nConnection: close\r\n\r\n"
                + "only forty characters of the hundred....");
        assertThat(raw).startsWith("HTTP/1.1 400").contains("\"error\":\"INVALID_REQUEST\"", "ended before its declared length");
    }

    @Test
    void requestsJettyRefusesGetJsonErrors() throws Exception {
        assertError(send(HttpRequest.newBuilder(uri("/echo/" + "a".repeat(10_000))).GET()), 414, "INVALID_REQUEST",
                "URI is too long");
        assertError(send(HttpRequest.newBuilder(uri("/echo")).header("X-Large", "a".repeat(20_000)).GET()), 431,
                "INVALID_REQUEST", "headers are too large");
        String raw = raw("GET /echo/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400").contains("Content-Type: application/json")
                .contains("{\"message\":\"the request was refused before reaching a route (HTTP 400)");
    }

    @Test
    void malformedChunksAreABadRequest() throws Exception {
        // Jetty reports them as an early EOF; Javalin answered 500 with an empty body.
        String raw = raw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "zz\r\n{}\r\n0\r\n\r\n");

        assertThat(raw).startsWith("HTTP/1.1 400").contains("Content-Type: application/json")
                .contains("\"error\":\"INVALID_REQUEST\"", "chunked encoding is malformed");
    }

    @Test
    void requestLinesWithoutAKnownVersionAreABadRequestNotA505() throws Exception {
        for (String line : List.of("HELLO THERE", "GET /echo HTTP/3.0", "GET /echo")) {
            String raw = raw(line + "\r\nHost: x\r\n\r\n");
            assertThat(raw).as(line).startsWith("HTTP/1.1 400").contains("Content-Type: application/json")
                    .contains("\"error\":\"INVALID_REQUEST\"");
        }
    }

    @Test
    void aKnownPathWithAnotherMethodIsMethodNotAllowed() throws Exception {
        assertError(send(HttpRequest.newBuilder(uri("/echo")).GET()), 405, "METHOD_NOT_ALLOWED", "");
        assertError(send(HttpRequest.newBuilder(uri("/api/public/nothing-here")).GET()), 404, "NOT_FOUND", "");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String describe(byte[] body) throws Exception {
        return body.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    // Sends the request and closes the sending side, as a client that gives up half-way does.
    private String rawHalfClosed(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    // For requests java.net.http will not send.
    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String error, String messagePart)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).contains(messagePart);
    }
}
