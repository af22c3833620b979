package io.glasshouse.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.auth.ProjectAccess;
import io.glasshouse.auth.ProjectSettings;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ApiKey;
import io.glasshouse.model.Role;
import io.glasshouse.storage.meta.CreatedApiKey;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings page's endpoints, for signed-in browsers only (API keys cannot manage API keys):
 * a project's API keys and the members of its organisation, under {@code /api/ui/projects/{projectId}}.
 */
final class SettingsRoutes {
    private static final String BASE = "/api/ui/projects/{projectId}";

    private final ProjectSettings settings;
    private final RequestAuth auth;

    SettingsRoutes(ProjectSettings settings, RequestAuth auth) {
        this.settings = settings;
        this.auth = auth;
    }

    void register(Javalin app) {
        app.get(BASE + "/api-keys", this::listKeys);
        app.post(BASE + "/api-keys", this::createKey);
        app.delete(BASE + "/api-keys/{apiKeyId}", this::revokeKey);
        app.get(BASE + "/members", this::listMembers);
        app.post(BASE + "/members", this::addMember);
        app.patch(BASE + "/members/{userId}", this::setRole);
        app.delete(BASE + "/members/{userId}", this::removeMember);
    }

    private ProjectAccess actor(Context ctx) {
        return auth.browserAccess(ctx, JsonRequests.id(ctx, "projectId"));
    }

    private void listKeys(Context ctx) {
        ctx.json(Map.of("data", settings.apiKeys(actor(ctx)).stream().map(SettingsRoutes::apiKey).toList()));
    }

    private void createKey(Context ctx) {
        ProjectAccess actor = actor(ctx);
        JsonNode body = JsonRequests.object(ctx);
        JsonNode note = body.get("note");
        if (note != null && !note.isNull() && !note.isTextual()) {
            throw GlasshouseException.invalid("note must be a string");
        }
        CreatedApiKey created = settings.createApiKey(actor, note == null || note.isNull() ? "" : note.asText());
        Map<String, Object> json = apiKey(created.apiKey());
        // The only answer that ever holds the secret.
        json.put("secretKey", created.secretKey());
        ctx.status(201).json(json);
    }

    private void revokeKey(Context ctx) {
        settings.revokeApiKey(actor(ctx), JsonRequests.id(ctx, "apiKeyId"));
        ctx.json(Map.of("message", "API key revoked"));
    }

    private void listMembers(Context ctx) {
        ctx.json(Map.of("data", settings.members(actor(ctx)).stream().map(SettingsRoutes::member).toList()));
    }

    private void addMember(Context ctx) {
        ProjectAccess actor = actor(ctx);
        JsonNode body = JsonRequests.object(ctx);
        ProjectSettings.NewMember member = new ProjectSettings.NewMember(
                requiredText(body, "email"), optionalText(body, "name"), optionalText(body, "password"), role(body));
        ctx.status(201).json(member(settings.addMember(actor, member)));
    }

    private void setRole(Context ctx) {
        ProjectAccess actor = actor(ctx);
        JsonNode body = JsonRequests.object(ctx);
        ctx.json(member(settings.setRole(actor, JsonRequests.id(ctx, "userId"), role(body))));
    }

    private void removeMember(Context ctx) {
        settings.removeMember(actor(ctx), JsonRequests.id(ctx, "userId"));
        ctx.json(Map.of("message", "Member removed"));
    }

    static Map<String, Object> apiKey(ApiKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("publicKey", key.publicKey());
        json.put("displaySecretKey", key.displaySecret());
        json.put("note", key.note().isEmpty() ? null : key.note());
        json.put("createdAt", EventJson.iso(key.createdAt()));
        json.put("lastUsedAt", key.lastUsedAt() == null ? null : EventJson.iso(key.lastUsedAt()));
        json.put("revokedAt", key.revokedAt() == null ? null : EventJson.iso(key.revokedAt()));
        return json;
    }

    private static Map<String, Object> member(ProjectSettings.Member member) {
        Map<String, Object> json = AuthRoutes.user(member.user());
        json.put("role", member.role().name());
        return json;
    }

    private static Role role(JsonNode body) {
        String text = requiredText(body, "role");
        try {
            return Role.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw GlasshouseException.invalid("role must be one of " + Arrays.toString(Role.values()) + ", not '" + text + "'");
        }
    }

    private static String requiredText(JsonNode body, String field) {
        String text = optionalText(body, field);
        if (text == null || text.isBlank()) {
            throw GlasshouseException.invalid(field + " is required");
        }
        return text;
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw GlasshouseException.invalid(field + " must be a string");
        }
        return value.asText();
    }
}
