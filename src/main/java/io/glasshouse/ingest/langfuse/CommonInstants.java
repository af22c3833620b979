package io.glasshouse.ingest.langfuse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The date-time forms SDKs send, {@code 2026-01-31T12:00:00.123Z} and
 * {@code 2026-01-31T12:00:00.123456+00:00}, read without a {@code DateTimeFormatter}: every event
 * has two to four of them, and the formatter cost about a tenth of the batch path's CPU. Only the
 * common form is read here (four-digit year, seconds, 0 to 9 fraction digits, {@code Z} or
 * {@code ±HH:MM}, every field in range); anything else answers null and goes to the formatter,
 * which reads the same forms to the same instant and words the errors.
 */
final class CommonInstants {
    private static final int SECONDS_PER_DAY = 86_400;

    private CommonInstants() {}

    /** The instant {@code text} names in the common form; null when it is in another form. */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            int end = at + 1;
            while (end < length && end - at <= 9 && isDigit(text.charAt(end))) {
                end++;
            }
            int fractionDigits = end - at - 1;
            if (fractionDigits == 0 || (end < length && isDigit(text.charAt(end)))) {
                return null;
            }
            nanos = digits(text, at + 1, end);
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
            at = end;
        }
        int offsetSeconds = offsetSeconds(text, at);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // 31 April and the like: the formatter's rules apply
        }
        long seconds = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    // "Z" or "+HH:MM"/"-HH:MM" ending the text; Integer.MIN_VALUE for anything else.
    private static int offsetSeconds(String text, int at) {
        int rest = text.length() - at;
        if (rest == 1 && text.charAt(at) == 'Z') {
            return 0;
        }
        if (rest != 6 || text.charAt(at + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        char sign = text.charAt(at);
        int hours = digits(text, at + 1, at + 3);
        int minutes = digits(text, at + 4, at + 6);
        if ((sign != '+' && sign != '-') || hours < 0 || hours > 17 || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3600 + minutes * 60;
        return sign == '+' ? seconds : -seconds;
    }

    // The decimal number in text[from, to); -1 unless all are ASCII digits.
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
