package io.glasshouse.query;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.storage.query.ObservationCursor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque {@code cursor} of {@code GET /api/public/v2/observations}: base64url of the last
 * item's sort key (start time in microseconds and id). Clients pass it back unchanged; its form
 * may change between versions, which the "v1." prefix lets us detect.
 */
public final class ObservationCursors {
    private static final String VERSION = "v1";

    private ObservationCursors() {}

    public static String encode(ObservationCursor cursor) {
        long micros = Math.addExact(Math.multiplyExact(cursor.startTime().getEpochSecond(), 1_000_000L),
                cursor.startTime().getNano() / 1000);
        String key = VERSION + "." + micros + "." + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or a 400 naming the parameter when the text is not one we issued. */
    public static ObservationCursor decode(String text) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8);
            String[] parts = key.split("\\.", 3);
            if (parts.length == 3 && parts[0].equals(VERSION) && !parts[2].isEmpty()) {
                long micros = Long.parseLong(parts[1]);
                return new ObservationCursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1000), parts[2]);
            }
        } catch (IllegalArgumentException e) {
            // answered below (NumberFormatException is an IllegalArgumentException too)
        }
        throw GlasshouseException.invalid("cursor is not a cursor this server issued; pass meta.cursor of the previous page unchanged");
    }
}
