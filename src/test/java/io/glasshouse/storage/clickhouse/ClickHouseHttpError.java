package io.glasshouse.storage.clickhouse;

import java.util.HashMap;
import java.util.Map;

/**
 * An error as a ClickHouse server reports it over HTTP: the {@code Code: N. DB::Exception: …}
 * text, the {@code X-ClickHouse-Exception-Code} header and the HTTP status ClickHouse picks for
 * that code (its {@code exceptionCodeToHTTPStatus}, as of 24.x–25.x: 400 for bad input, 404 for
 * unknown objects, 403 for refused credentials, 500 for everything else).
 */
final class ClickHouseHttpError extends RuntimeException {
    static final int SYNTAX_ERROR = 62;
    static final int NOT_IMPLEMENTED = 48;
    static final int UNKNOWN_DATABASE = 81;
    static final int UNKNOWN_SETTING = 115;
    static final int READONLY = 164;
    static final int AUTHENTICATION_FAILED = 516;
    static final int STD_EXCEPTION = 1001;

    private static final Map<Integer, Integer> STATUS = statusByCode();

    private final int code;

    private ClickHouseHttpError(int code, String text) {
        super(text);
        this.code = code;
    }

    /** An error the endpoint itself raises, worded the way ClickHouse words it. */
    static ClickHouseHttpError of(int code, String name, String message) {
        return new ClickHouseHttpError(code, "Code: " + code + ". DB::Exception: " + message + ". (" + name + ")");
    }

    /** An error the engine raised; its text already has ClickHouse's form. */
    static ClickHouseHttpError fromEngine(ClickHouseException e) {
        String message = e.getMessage();
        // ClickHouseException appends the statement's first words for our logs; a server does not.
        int statement = message.lastIndexOf(" [statement: ");
        String engineText = statement < 0 ? message : message.substring(0, statement);
        int code = e.clickHouseCode() == 0 ? STD_EXCEPTION : e.clickHouseCode();
        return new ClickHouseHttpError(code, engineText.startsWith("Code:")
                ? engineText
                : "Code: " + code + ". DB::Exception: " + engineText + ". (STD_EXCEPTION)");
    }

    int code() {
        return code;
    }

    int httpStatus() {
        return STATUS.getOrDefault(code, 500);
    }

    /** The response body: the message and a newline, like ClickHouse. */
    String body() {
        return getMessage() + "\n";
    }

    private static Map<Integer, Integer> statusByCode() {
        Map<Integer, Integer> status = new HashMap<>();
        status.put(194, 401); // REQUIRED_PASSWORD
        for (int code : new int[] {
            192, // UNKNOWN_USER
            193, // WRONG_PASSWORD
            497, // ACCESS_DENIED
            512, // SET_NON_GRANTED_ROLE
            516, // AUTHENTICATION_FAILED
        }) {
            status.put(code, 403);
        }
        for (int code : new int[] {
            6, // CANNOT_PARSE_TEXT
            8, // THERE_IS_NO_COLUMN
            15, // DUPLICATE_COLUMN
            25, // CANNOT_PARSE_ESCAPE_SEQUENCE
            26, // CANNOT_PARSE_QUOTED_STRING
            27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
            36, // BAD_ARGUMENTS
            37, // UNKNOWN_ELEMENT_IN_AST
            38, // CANNOT_PARSE_DATE
            41, // CANNOT_PARSE_DATETIME
            44, // ILLEGAL_COLUMN
            53, // TYPE_MISMATCH
            62, // SYNTAX_ERROR
            72, // CANNOT_PARSE_NUMBER
            117, // INCORRECT_DATA
            123, // UNKNOWN_TYPE_OF_AST_NODE
            167, // TOO_DEEP_AST
            168, // TOO_BIG_AST
            223, // UNEXPECTED_AST_STRUCTURE
            321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
            376, // CANNOT_PARSE_UUID
            427, // CANNOT_COMPILE_REGEXP
            441, // CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING
        }) {
            status.put(code, 400);
        }
        for (int code : new int[] {
            46, // UNKNOWN_FUNCTION
            47, // UNKNOWN_IDENTIFIER
            50, // UNKNOWN_TYPE
            56, // UNKNOWN_STORAGE
            60, // UNKNOWN_TABLE
            63, // UNKNOWN_AGGREGATE_FUNCTION
            73, // UNKNOWN_FORMAT
            78, // UNKNOWN_TYPE_OF_QUERY
            81, // UNKNOWN_DATABASE
            115, // UNKNOWN_SETTING
            152, // UNKNOWN_DIRECTION_OF_SORTING
            336, // UNKNOWN_DATABASE_ENGINE
            511, // UNKNOWN_ROLE
        }) {
            status.put(code, 404);
        }
        status.put(229, 413); // QUERY_IS_TOO_LARGE
        status.put(48, 501); // NOT_IMPLEMENTED
        status.put(209, 503); // SOCKET_TIMEOUT
        status.put(76, 503); // CANNOT_OPEN_FILE
        status.put(439, 503); // CANNOT_SCHEDULE_TASK
        status.put(381, 411); // HTTP_LENGTH_REQUIRED
        status.put(159, 408); // TIMEOUT_EXCEEDED
        return Map.copyOf(status);
    }
}
