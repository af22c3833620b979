package io.glasshouse.storage.meta;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Recognises constraint violations across both databases: PostgreSQL reports standard SQLSTATEs,
 * the SQLite driver reports SQLite's extended result codes instead.
 */
final class SqlErrors {
    private static final String POSTGRES_UNIQUE_VIOLATION = "23505";
    private static final String POSTGRES_FOREIGN_KEY_VIOLATION = "23503";

    private SqlErrors() {}

    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                SQLiteErrorCode code = sqlite.getResultCode();
                return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
            }
            if (t instanceof SQLException sql && POSTGRES_UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static boolean isForeignKeyViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
            }
            if (t instanceof SQLException sql && POSTGRES_FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * What went wrong, on one line: the failure's own message, which drivers word for operators,
     * and the innermost cause when it adds something (e.g. {@code UnknownHostException: db.local}).
     */
    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = message(failure);
        if (root != failure && !message.contains(message(root))) {
            message = message + " (" + root.getClass().getSimpleName() + ": " + message(root) + ")";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
