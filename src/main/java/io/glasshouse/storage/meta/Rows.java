package io.glasshouse.storage.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.glasshouse.model.ApiKey;
import io.glasshouse.model.Membership;
import io.glasshouse.model.Organization;
import io.glasshouse.model.Project;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ProjectModel;
import io.glasshouse.model.Role;
import io.glasshouse.model.ScoreConfig;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.StatementContext;

/** Row mappers, one per table; the column lists they read are next to them. */
final class Rows {
    static final String ORGANIZATION_COLUMNS = "id, name, created_at";
    static final String PROJECT_COLUMNS = "id, organization_id, name, created_at";
    static final String API_KEY_COLUMNS =
            "id, project_id, public_key, secret_hash, display_secret, note, created_at, last_used_at, revoked_at";
    static final String USER_COLUMNS = "id, email, name, password_hash, created_at";
    static final String MEMBERSHIP_COLUMNS = "organization_id, user_id, role";
    static final String SCORE_CONFIG_COLUMNS = "id, project_id, name, data_type, is_archived, min_value, max_value,"
            + " categories, description, created_at, updated_at";
    static final String PROJECT_MODEL_COLUMNS = "id, project_id, model_name, match_pattern, start_date, unit, prices,"
            + " pricing_tiers, tokenizer_id, tokenizer_config, created_at";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Rows() {}

    static Organization organization(ResultSet rs, StatementContext context) throws SQLException {
        return new Organization(rs.getString("id"), rs.getString("name"), instant(rs, "created_at"));
    }

    static Project project(ResultSet rs, StatementContext context) throws SQLException {
        return new Project(
                rs.getString("id"), rs.getString("organization_id"), rs.getString("name"), instant(rs, "created_at"));
    }

    static ApiKey apiKey(ResultSet rs, StatementContext context) throws SQLException {
        return new ApiKey(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("public_key"),
                rs.getString("secret_hash"),
                rs.getString("display_secret"),
                rs.getString("note"),
                instant(rs, "created_at"),
                instant(rs, "last_used_at"),
                instant(rs, "revoked_at"));
    }

    static User user(ResultSet rs, StatementContext context) throws SQLException {
        return new User(
                rs.getString("id"),
                rs.getString("email"),
                rs.getString("name"),
                rs.getString("password_hash"),
                instant(rs, "created_at"));
    }

    static Membership membership(ResultSet rs, StatementContext context) throws SQLException {
        return new Membership(rs.getString("organization_id"), rs.getString("user_id"), Role.valueOf(rs.getString("role")));
    }

    static ScoreConfig scoreConfig(ResultSet rs, StatementContext context) throws SQLException {
        return new ScoreConfig(
                rs.getString("id"),
                new ProjectId(rs.getString("project_id")),
                rs.getString("name"),
                ScoreDataType.valueOf(rs.getString("data_type")),
                rs.getInt("is_archived") == 1,
                number(rs, "min_value"),
                number(rs, "max_value"),
                categories(rs.getString("categories")),
                rs.getString("description"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    static ProjectModel projectModel(ResultSet rs, StatementContext context) throws SQLException {
        return new ProjectModel(
                rs.getString("id"),
                new ProjectId(rs.getString("project_id")),
                rs.getString("model_name"),
                rs.getString("match_pattern"),
                instant(rs, "start_date"),
                rs.getString("unit"),
                rs.getString("prices"),
                rs.getString("pricing_tiers"),
                rs.getString("tokenizer_id"),
                rs.getString("tokenizer_config"),
                instant(rs, "created_at"));
    }

    /** Categories as stored: a JSON array of {"label", "value"}; null for none. */
    static String categoriesJson(List<ScoreConfig.Category> categories) {
        if (categories.isEmpty()) {
            return null;
        }
        ArrayNode array = JSON.createArrayNode();
        categories.forEach(category -> array.addObject().put("label", category.label()).put("value", category.value()));
        return array.toString();
    }

    private static List<ScoreConfig.Category> categories(String json) throws SQLException {
        if (json == null) {
            return List.of();
        }
        try {
            List<ScoreConfig.Category> categories = new ArrayList<>();
            for (JsonNode category : JSON.readTree(json)) {
                categories.add(new ScoreConfig.Category(category.get("label").asText(), category.get("value").asDouble()));
            }
            return categories;
        } catch (JsonProcessingException e) {
            throw new SQLException("stored score config categories are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Null for SQL NULL. */
    private static Double number(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    /** Null for SQL NULL. */
    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
