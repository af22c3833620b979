package io.glasshouse.error;

/**
 * Every failure Glasshouse reports, grouped by who has to act on it. The HTTP status of each code
 * is decided here and nowhere else.
 */
public enum ErrorCode {
    // The caller sent something wrong: they can fix it.
    INVALID_REQUEST(Kind.USER, 400),
    UNAUTHORIZED(Kind.USER, 401),
    FORBIDDEN(Kind.USER, 403),
    NOT_FOUND(Kind.USER, 404),
    METHOD_NOT_ALLOWED(Kind.USER, 405),
    CONFLICT(Kind.USER, 409),
    PAYLOAD_TOO_LARGE(Kind.USER, 413),
    UNSUPPORTED_MEDIA_TYPE(Kind.USER, 415),

    // We are out of something: retrying later helps.
    TOO_MANY_REQUESTS(Kind.RESOURCES, 429),
    STORAGE_UNAVAILABLE(Kind.RESOURCES, 503),

    // The operator configured something wrong: start-up stops.
    CONFIGURATION(Kind.OPERATOR, 500),

    // A bug or a broken dependency.
    STORAGE_ERROR(Kind.INTERNAL, 500),
    INTERNAL(Kind.INTERNAL, 500);

    public enum Kind {
        USER,
        RESOURCES,
        OPERATOR,
        INTERNAL
    }

    private final Kind kind;
    private final int httpStatus;

    ErrorCode(Kind kind, int httpStatus) {
        this.kind = kind;
        this.httpStatus = httpStatus;
    }

    public Kind kind() {
        return kind;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
