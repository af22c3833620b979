-- Metadata schema, one file for SQLite and PostgreSQL alike.
--
-- Ids are TEXT (random UUIDs, see io.glasshouse.model.Ids).
-- Timestamps are BIGINT milliseconds since the epoch, UTC. SQLite has no timestamp type, and
-- ISO-8601 text would compare correctly only while every writer formats it identically; an
-- integer reads and binds the same way through both JDBC drivers and compares as a number.
-- Uniqueness lives in constraints, never in check-then-insert code, so concurrent writers on
-- PostgreSQL cannot slip duplicates past each other.

CREATE TABLE organizations (
    id         TEXT   NOT NULL PRIMARY KEY,
    name       TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE projects (
    id              TEXT   NOT NULL PRIMARY KEY,
    organization_id TEXT   NOT NULL REFERENCES organizations (id),
    name            TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    CONSTRAINT projects_organization_name_unique UNIQUE (organization_id, name)
);

CREATE TABLE api_keys (
    id             TEXT   NOT NULL PRIMARY KEY,
    project_id     TEXT   NOT NULL REFERENCES projects (id),
    public_key     TEXT   NOT NULL,
    secret_hash    TEXT   NOT NULL,
    display_secret TEXT   NOT NULL,
    note           TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    last_used_at   BIGINT,
    revoked_at     BIGINT,
    CONSTRAINT api_keys_public_key_unique UNIQUE (public_key)
);

CREATE INDEX api_keys_project ON api_keys (project_id);

-- email keeps the case the user typed; email_normalized (lower-cased in Java with the root
-- locale) carries the uniqueness, because SQLite's lower() folds ASCII only while PostgreSQL's
-- depends on the database collation.
CREATE TABLE users (
    id               TEXT   NOT NULL PRIMARY KEY,
    email            TEXT   NOT NULL,
    email_normalized TEXT   NOT NULL,
    name             TEXT   NOT NULL,
    password_hash    TEXT   NOT NULL,
    created_at       BIGINT NOT NULL,
    CONSTRAINT users_email_unique UNIQUE (email_normalized)
);

CREATE TABLE memberships (
    organization_id TEXT   NOT NULL REFERENCES organizations (id),
    user_id         TEXT   NOT NULL REFERENCES users (id),
    role            TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    CONSTRAINT memberships_pk PRIMARY KEY (organization_id, user_id),
    CONSTRAINT memberships_role_check CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER'))
);

CREATE INDEX memberships_user ON memberships (user_id);
