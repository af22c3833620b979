-- Score configs and project model definitions, one file for SQLite and PostgreSQL alike
-- (conventions in V1: TEXT ids, BIGINT epoch milliseconds, uniqueness in constraints).
--
-- Booleans are INTEGER 0/1: SQLite has no boolean type, and an integer binds and reads the same
-- way through both drivers. JSON is TEXT for the same reason: neither database needs to look
-- inside it, the application reads it whole.

-- Langfuse's ScoreConfig. categories is a JSON array of {"label", "value"} for CATEGORICAL and
-- BOOLEAN configs (BOOLEAN always True=1, False=0), NULL for NUMERIC.
CREATE TABLE score_configs (
    id          TEXT             NOT NULL PRIMARY KEY,
    project_id  TEXT             NOT NULL REFERENCES projects (id),
    name        TEXT             NOT NULL,
    data_type   TEXT             NOT NULL,
    is_archived INTEGER          NOT NULL DEFAULT 0,
    min_value   DOUBLE PRECISION,
    max_value   DOUBLE PRECISION,
    categories  TEXT,
    description TEXT,
    created_at  BIGINT           NOT NULL,
    updated_at  BIGINT           NOT NULL,
    CONSTRAINT score_configs_data_type_check CHECK (data_type IN ('NUMERIC', 'CATEGORICAL', 'BOOLEAN')),
    CONSTRAINT score_configs_archived_check CHECK (is_archived IN (0, 1))
);

-- Listing is newest first within a project.
CREATE INDEX score_configs_project_created ON score_configs (project_id, created_at);

-- A project's own model definitions, which take precedence over the built-in price table.
-- prices: the default tier, a JSON object of usage key -> USD per ONE unit (exact decimals).
-- pricing_tiers: the conditional tiers, a JSON array in Langfuse's PricingTier shape
-- ({name, priority, conditions, prices}); '[]' when the model has only the default tier.
-- tokenizer_config: the JSON object sent with tokenizer_id, kept as sent.
CREATE TABLE project_models (
    id               TEXT   NOT NULL PRIMARY KEY,
    project_id       TEXT   NOT NULL REFERENCES projects (id),
    model_name       TEXT   NOT NULL,
    match_pattern    TEXT   NOT NULL,
    start_date       BIGINT,
    unit             TEXT,
    prices           TEXT   NOT NULL,
    pricing_tiers    TEXT   NOT NULL,
    tokenizer_id     TEXT,
    tokenizer_config TEXT,
    created_at       BIGINT NOT NULL,
    CONSTRAINT project_models_name_unique UNIQUE (project_id, model_name)
);
