package io.glasshouse.storage.clickhouse;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A statement the engine refused, with ClickHouse's numeric error code when it gave one. */
public final class ClickHouseException extends GlasshouseException {
    private static final Pattern CODE = Pattern.compile("Code:\\s*(\\d+)");

    private final int clickHouseCode;

    public ClickHouseException(int clickHouseCode, String message, String sql) {
        super(ErrorCode.STORAGE_ERROR, message + describe(sql));
        this.clickHouseCode = clickHouseCode;
    }

    static ClickHouseException fromEngineMessage(String message, String sql) {
        Matcher matcher = CODE.matcher(message);
        int code = matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        return new ClickHouseException(code, message.strip(), sql);
    }

    /** ClickHouse's error code (e.g. 60 UNKNOWN_TABLE), 0 when unknown. */
    public int clickHouseCode() {
        return clickHouseCode;
    }

    // Only the statement's first words: enough to find it, never the bound values.
    private static String describe(String sql) {
        if (sql == null || sql.isBlank()) {
            return "";
        }
        String flat = sql.strip().replaceAll("\\s+", " ");
        return " [statement: " + (flat.length() > 120 ? flat.substring(0, 120) + "…" : flat) + "]";
    }
}
