package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.GlasshouseException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where and as whom Glasshouse reaches a ClickHouse server over HTTP. {@link #url()} never holds
 * credentials, and {@link #toString()} never shows the password, so the config may be logged.
 */
public record HttpClickHouseConfig(
        URI url, String user, String password, String database, Duration connectTimeout, Duration requestTimeout) {
    public static final String DEFAULT_USER = "default";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    // The user:password@ part of a URL, cut out before the URL is kept or shown.
    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^@/?#]*@");

    public HttpClickHouseConfig {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(database, "database is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url must not hold credentials; use HttpClickHouseConfig.of");
        }
        if (user.isBlank()) {
            throw GlasshouseException.configuration("the ClickHouse user must not be empty");
        }
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw GlasshouseException.configuration(
                    "ClickHouse database name '" + database + "' must be letters, digits and underscores");
        }
        if (!connectTimeout.isPositive() || !requestTimeout.isPositive()) {
            throw GlasshouseException.configuration("ClickHouse timeouts must be positive");
        }
    }

    /**
     * A config with the default timeouts. {@code url} is {@code --clickhouse-url} as the operator
     * wrote it ({@code http://host:8123}); a {@code user:password@} part in it is taken out and used
     * where {@code user} or {@code password} is null. A null user means {@value #DEFAULT_USER}, a
     * null password means none.
     */
    public static HttpClickHouseConfig of(String url, String user, String password, String database) {
        requireNonNull(url, "url is null");
        URI parsed = parse(url);
        String userInfo = parsed.getRawUserInfo();
        String urlUser = null;
        String urlPassword = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            urlUser = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            urlPassword = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        return new HttpClickHouseConfig(
                withoutUserInfo(parsed),
                firstNonNull(user, urlUser, DEFAULT_USER),
                firstNonNull(password, urlPassword, ""),
                database,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    public HttpClickHouseConfig withTimeouts(Duration connect, Duration request) {
        return new HttpClickHouseConfig(url, user, password, database, connect, request);
    }

    @Override
    public String toString() {
        return "HttpClickHouseConfig[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "none" : "***")
                + ", database=" + database + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + "]";
    }

    private static URI parse(String url) {
        URI parsed;
        try {
            parsed = new URI(url.strip());
        } catch (URISyntaxException e) {
            // Not echoed when it may hold a password we failed to locate.
            String shown = url.contains("@") ? "" : " '" + url + "'";
            throw GlasshouseException.configuration("the ClickHouse URL" + shown + " is not a URL: " + e.getReason()
                    + ". Expected something like http://clickhouse:8123");
        }
        String shown = withoutUserInfoText(url.strip());
        String scheme = parsed.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || parsed.getHost() == null) {
            throw GlasshouseException.configuration("the ClickHouse URL '" + shown
                    + "' must be http:// or https:// with a host, like http://clickhouse:8123");
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw GlasshouseException.configuration("the ClickHouse URL '" + shown
                    + "' must not have a query or fragment; settings are passed by Glasshouse itself");
        }
        return parsed;
    }

    private static URI withoutUserInfo(URI url) {
        return url.getRawUserInfo() == null ? url : URI.create(withoutUserInfoText(url.toString()));
    }

    private static String withoutUserInfoText(String url) {
        return USER_INFO.matcher(url).replaceFirst("");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String firstNonNull(String first, String second, String otherwise) {
        if (first != null) {
            return first;
        }
        return second != null ? second : otherwise;
    }
}
