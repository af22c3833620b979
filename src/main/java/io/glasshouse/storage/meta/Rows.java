package io.glasshouse.storage.meta;

import io.glasshouse.model.ApiKey;
import io.glasshouse.model.Membership;
import io.glasshouse.model.Organization;
import io.glasshouse.model.Project;
import io.glasshouse.model.Role;
import io.glasshouse.model.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.statement.StatementContext;

/** Row mappers, one per table; the column lists they read are next to them. */
final class Rows {
    static final String ORGANIZATION_COLUMNS = "id, name, created_at";
    static final String PROJECT_COLUMNS = "id, organization_id, name, created_at";
    static final String API_KEY_COLUMNS =
            "id, project_id, public_key, secret_hash, display_secret, note, created_at, last_used_at, revoked_at";
    static final String USER_COLUMNS = "id, email, name, password_hash, created_at";
    static final String MEMBERSHIP_COLUMNS = "organization_id, user_id, role";

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

    /** Null for SQL NULL. */
    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
