package io.glasshouse.ingest.otel;

import io.glasshouse.model.ProjectId;

/** Resolves an {@code Authorization} header value to the project whose API key it carries. */
@FunctionalInterface
public interface OtlpAuthenticator {
    /**
     * @param authorizationHeader the header value as sent, e.g. {@code Basic base64(publicKey:secretKey)}; never null
     * @throws io.glasshouse.error.GlasshouseException UNAUTHORIZED when the value is malformed or
     *     the key unknown, FORBIDDEN when the key may not ingest (an organisation key)
     */
    ProjectId authenticate(String authorizationHeader);
}
