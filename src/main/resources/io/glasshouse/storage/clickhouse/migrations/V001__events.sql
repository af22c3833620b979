-- Schema v1: traces, observations (all ten Langfuse observation types) and scores.
-- Why it looks like this: docs/schema.md. In short —
--  * one mostly immutable wide row per entity; the ingest path merges *-update events in memory
--    and writes the merged row with a higher event_version, so ReplacingMergeTree keeps the
--    newest and reads never need FINAL on hot paths (they pick the newest version per id);
--  * is_deleted lets a tombstone row hide an entity (trace deletion) the same way;
--  * monthly partitions on the entity's own time, so retention is a TTL or a DROP PARTITION;
--  * ZSTD on the large text columns (input, output, metadata), where repeated prompts compress
--    40-50x;
--  * the only skip indexes are bloom filters on id, for look-ups by id without a time range.
-- ${ON_CLUSTER} and ${REPLICATED} are filled in by ClickHouseSchema: empty for one node,
-- "ON CLUSTER '<name>'" and "Replicated" for a cluster.

CREATE TABLE IF NOT EXISTS traces ${ON_CLUSTER}
(
    project_id String,
    id String,
    timestamp DateTime64(6, 'UTC'),
    name Nullable(String),
    user_id Nullable(String),
    session_id Nullable(String),
    environment LowCardinality(String) DEFAULT 'default',
    release Nullable(String),
    version Nullable(String),
    input Nullable(String) CODEC(ZSTD(3)),
    output Nullable(String) CODEC(ZSTD(3)),
    metadata Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    tags Array(String),
    public Bool DEFAULT false,
    bookmarked Bool DEFAULT false,
    created_at DateTime64(3, 'UTC') DEFAULT now64(3),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3),
    event_version UInt64,
    is_deleted UInt8 DEFAULT 0,
    INDEX idx_id id TYPE bloom_filter(0.001) GRANULARITY 1
)
ENGINE = ${REPLICATED}ReplacingMergeTree(event_version, is_deleted)
PARTITION BY toYYYYMM(timestamp)
ORDER BY (project_id, toDate(timestamp), id);

CREATE TABLE IF NOT EXISTS observations ${ON_CLUSTER}
(
    project_id String,
    trace_id String,
    id String,
    -- SPAN, EVENT, GENERATION, AGENT, TOOL, CHAIN, RETRIEVER, EVALUATOR, EMBEDDING, GUARDRAIL
    type LowCardinality(String),
    parent_observation_id Nullable(String),
    name Nullable(String),
    environment LowCardinality(String) DEFAULT 'default',
    start_time DateTime64(6, 'UTC'),
    end_time Nullable(DateTime64(6, 'UTC')),
    completion_start_time Nullable(DateTime64(6, 'UTC')),
    level LowCardinality(String) DEFAULT 'DEFAULT',
    status_message Nullable(String),
    version Nullable(String),
    input Nullable(String) CODEC(ZSTD(3)),
    output Nullable(String) CODEC(ZSTD(3)),
    metadata Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    provided_model_name Nullable(String),
    internal_model_id Nullable(String),
    model_parameters Nullable(String),
    -- usage as sent, and as normalised (input, output, total, cache_read, reasoning, ...)
    provided_usage_details Map(LowCardinality(String), UInt64),
    usage_details Map(LowCardinality(String), UInt64),
    -- cost in USD as sent, and as used (sent, else computed from the model price table)
    provided_cost_details Map(LowCardinality(String), Decimal64(12)),
    cost_details Map(LowCardinality(String), Decimal64(12)),
    total_cost Nullable(Decimal64(12)),
    prompt_id Nullable(String),
    prompt_name Nullable(String),
    prompt_version Nullable(UInt32),
    -- OpenTelemetry resource (service.name, ...) and instrumentation scope, kept as sent
    resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    scope_name Nullable(String),
    created_at DateTime64(3, 'UTC') DEFAULT now64(3),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3),
    event_version UInt64,
    is_deleted UInt8 DEFAULT 0,
    INDEX idx_id id TYPE bloom_filter(0.001) GRANULARITY 1
)
ENGINE = ${REPLICATED}ReplacingMergeTree(event_version, is_deleted)
PARTITION BY toYYYYMM(start_time)
ORDER BY (project_id, trace_id, id);

CREATE TABLE IF NOT EXISTS scores ${ON_CLUSTER}
(
    project_id String,
    id String,
    timestamp DateTime64(6, 'UTC'),
    trace_id Nullable(String),
    observation_id Nullable(String),
    session_id Nullable(String),
    dataset_run_id Nullable(String),
    name String,
    value Float64,
    string_value Nullable(String),
    -- NUMERIC, CATEGORICAL, BOOLEAN
    data_type LowCardinality(String),
    -- API, EVAL, ANNOTATION
    source LowCardinality(String),
    comment Nullable(String),
    author_user_id Nullable(String),
    config_id Nullable(String),
    queue_id Nullable(String),
    environment LowCardinality(String) DEFAULT 'default',
    metadata Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    created_at DateTime64(3, 'UTC') DEFAULT now64(3),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3),
    event_version UInt64,
    is_deleted UInt8 DEFAULT 0,
    INDEX idx_id id TYPE bloom_filter(0.001) GRANULARITY 1
)
ENGINE = ${REPLICATED}ReplacingMergeTree(event_version, is_deleted)
PARTITION BY toYYYYMM(timestamp)
ORDER BY (project_id, toDate(timestamp), name, id);
