package io.glasshouse.storage.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps passwords out of anything we print about a JDBC URL. */
final class JdbcUrls {
    // user:password@ after the scheme, and any query parameter whose name mentions a credential.
    private static final Pattern USER_INFO = Pattern.compile("(://[^/@:?]*):([^/@?]*)@");
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)([?&][^=&]*(?:password|secret|token|key)[^=&]*=)([^&]*)");
    private static final String MASK = "***";

    private JdbcUrls() {}

    static String redact(String url) {
        String redacted = USER_INFO.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
        return SECRET_PARAMETER.matcher(redacted).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    /**
     * {@code text} (a driver's error message) with the URL and every credential in it masked: some
     * drivers echo the URL they were given.
     */
    static String redactIn(String text, String url) {
        String redacted = text.replace(url, redact(url));
        for (String secret : secrets(url)) {
            redacted = redacted.replace(secret, MASK);
        }
        return redacted;
    }

    private static List<String> secrets(String url) {
        List<String> secrets = new ArrayList<>();
        Matcher userInfo = USER_INFO.matcher(url);
        while (userInfo.find()) {
            secrets.add(userInfo.group(2));
        }
        Matcher parameter = SECRET_PARAMETER.matcher(url);
        while (parameter.find()) {
            secrets.add(parameter.group(2));
        }
        secrets.removeIf(String::isEmpty);
        return secrets;
    }
}
