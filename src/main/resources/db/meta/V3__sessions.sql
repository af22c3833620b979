-- Browser sessions of signed-in users, one file for SQLite and PostgreSQL alike (conventions in
-- V1: TEXT ids, BIGINT epoch milliseconds).
--
-- The cookie carries a random 256-bit token; only its SHA-256 (lower-case hex) is stored, so a
-- copy of the database signs nobody in. expires_at slides forward while the session is used.
CREATE TABLE browser_sessions (
    token_hash   TEXT   NOT NULL PRIMARY KEY,
    user_id      TEXT   NOT NULL REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);

CREATE INDEX browser_sessions_user ON browser_sessions (user_id);
CREATE INDEX browser_sessions_expires ON browser_sessions (expires_at);
