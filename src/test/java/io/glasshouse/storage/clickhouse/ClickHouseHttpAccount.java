package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * The one user {@link ChdbBackedClickHouseHttpEndpoint} accepts, checked the way ClickHouse's HTTP
 * interface reads credentials: {@code X-ClickHouse-User}/{@code X-ClickHouse-Key} headers, Basic
 * auth, or {@code user}/{@code password} parameters (user {@code default} when none is given),
 * and never two of those ways in one request.
 */
record ClickHouseHttpAccount(String user, String password) {
    ClickHouseHttpAccount {
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
    }

    /** Returns when the request's credentials are this account's; throws 516 otherwise. */
    void authenticate(Headers headers, Map<String, String> parameters) {
        String headerUser = headers.getFirst("X-ClickHouse-User");
        String headerKey = headers.getFirst("X-ClickHouse-Key");
        String authorization = headers.getFirst("Authorization");
        boolean byHeaders = !isEmpty(headerUser) || !isEmpty(headerKey);
        boolean byBasic = authorization != null;
        boolean byParameters = parameters.containsKey("user") || parameters.containsKey("password");
        String givenUser;
        String givenPassword;
        if (byHeaders) {
            refuseMixed(byBasic, "X-ClickHouse HTTP headers", "Authorization HTTP header");
            refuseMixed(byParameters, "X-ClickHouse HTTP headers", "authentication via parameters");
            givenUser = headerUser == null ? "" : headerUser;
            givenPassword = headerKey == null ? "" : headerKey;
        } else if (byBasic) {
            refuseMixed(byParameters, "Authorization HTTP header", "authentication via parameters");
            String[] basic = basicCredentials(authorization);
            givenUser = basic[0];
            givenPassword = basic[1];
        } else {
            givenUser = parameters.getOrDefault("user", "default");
            givenPassword = parameters.getOrDefault("password", "");
        }
        if (givenUser.isEmpty()) {
            throw authenticationFailed("Got an empty user name");
        }
        boolean accepted = givenUser.equals(user) & MessageDigest.isEqual(
                givenPassword.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
        if (!accepted) {
            throw authenticationFailed(givenUser
                    + ": Authentication failed: password is incorrect, or there is no user with such name");
        }
    }

    private static String[] basicCredentials(String authorization) {
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        if (!scheme.equalsIgnoreCase("Basic")) {
            throw authenticationFailed("Invalid authentication: '" + scheme + "' HTTP Authorization scheme is not supported");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(space + 1).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw authenticationFailed("Invalid authentication: malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? new String[] {decoded, ""} : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static void refuseMixed(boolean mixed, String first, String second) {
        if (mixed) {
            throw authenticationFailed("Invalid authentication: it is not allowed to use " + first + " and " + second
                    + " simultaneously");
        }
    }

    private static ClickHouseHttpError authenticationFailed(String message) {
        return ClickHouseHttpError.of(ClickHouseHttpError.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED", message);
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
