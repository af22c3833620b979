package io.glasshouse.error;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type of the project. Its message is written for the person who has to act:
 * what was wrong and, where we know, how to fix it. It never carries payloads or secrets.
 */
public class GlasshouseException extends RuntimeException {
    private final ErrorCode code;

    public GlasshouseException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public GlasshouseException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }

    public static GlasshouseException invalid(String message) {
        return new GlasshouseException(ErrorCode.INVALID_REQUEST, message);
    }

    public static GlasshouseException notFound(String message) {
        return new GlasshouseException(ErrorCode.NOT_FOUND, message);
    }

    public static GlasshouseException configuration(String message) {
        return new GlasshouseException(ErrorCode.CONFIGURATION, message);
    }

    public static GlasshouseException configuration(String message, Throwable cause) {
        return new GlasshouseException(ErrorCode.CONFIGURATION, message, cause);
    }
}
