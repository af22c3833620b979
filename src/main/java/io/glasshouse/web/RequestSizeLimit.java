package io.glasshouse.web;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounds every request body by {@code --max-request-bytes}, however it is sent. Javalin checks only
 * the Content-Length header, so a chunked body (no Content-Length) was read whole into memory:
 * one client could exhaust the heap. Here the body stream itself counts; reading past the limit,
 * or starting to read a body declared larger, fails with PAYLOAD_TOO_LARGE (HTTP 413), which each
 * handler answers in its own format (JSON, or an OTLP Status). A body that cannot be read at all
 * (malformed chunks, cut short) is INVALID_REQUEST (400). Handlers read bodies with {@link #body},
 * which fills one array of the declared length.
 */
final class RequestSizeLimit implements Filter {
    private final long maxBytes;

    RequestSizeLimit(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request instanceof HttpServletRequest http ? new Limited(http, maxBytes) : request, response);
    }

    /**
     * The whole body of a request this filter wrapped, limits enforced. With a Content-Length it is
     * read straight into one array of that size, checked against the limit before the array is
     * made; Javalin's {@code bodyAsBytes} grows a buffer 8 KB at a time and copies it at the end,
     * three copies of a 1 MB OTLP request and as much garbage. A chunked body, whose length is
     * unknown, takes the general path (still counted, so still bounded).
     */
    static byte[] body(HttpServletRequest request) {
        try {
            ServletInputStream in = request.getInputStream();
            return in instanceof LimitedStream limited ? limited.readAll() : in.readAllBytes();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    // Jetty reports a malformed chunked body as an early end of the stream; Javalin takes that
    // for a client that went away and answers 500 with no body. The client is still there.
    private static GlasshouseException unreadable(IOException e) {
        return GlasshouseException.invalid("the request body could not be read (" + e.getMessage()
                + "): it ended before its declared length, or its chunked encoding is malformed");
    }

    private static GlasshouseException tooLarge(String what, long maxBytes) {
        return new GlasshouseException(ErrorCode.PAYLOAD_TOO_LARGE, what + " larger than " + maxBytes
                + " bytes, the most this server accepts (--max-request-bytes); send smaller batches");
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), getContentLengthLong(), maxBytes);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null || !Charset.isSupported(encoding) ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long declaredBytes;
        private final long maxBytes;
        private long read;

        LimitedStream(ServletInputStream in, long declaredBytes, long maxBytes) {
            this.in = in;
            this.declaredBytes = declaredBytes;
            this.maxBytes = maxBytes;
        }

        byte[] readAll() throws IOException {
            checkDeclared();
            if (declaredBytes < 0 || declaredBytes > Integer.MAX_VALUE - 8 || read > 0) {
                return readAllBytes();
            }
            byte[] body = new byte[(int) declaredBytes];
            // Jetty ends the stream at the declared length; a body cut short is an error from read().
            int filled = readNBytes(body, 0, body.length);
            return filled == body.length ? body : Arrays.copyOf(body, filled);
        }

        @Override
        public int read() {
            checkDeclared();
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                throw unreadable(e);
            }
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            checkDeclared();
            int n;
            try {
                // Ask for at most one byte past the limit: enough to know it was exceeded.
                n = in.read(buffer, offset, (int) Math.min(length, maxBytes - read + 1));
            } catch (IOException e) {
                throw unreadable(e);
            }
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void checkDeclared() {
            if (declaredBytes > maxBytes) {
                throw tooLarge("the request body is " + declaredBytes + " bytes,", maxBytes);
            }
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw tooLarge("the request body is", maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
