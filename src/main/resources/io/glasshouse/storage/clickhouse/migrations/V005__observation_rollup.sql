-- An hourly rollup of observations for the metrics API (docs/query-performance-plan.md,
-- "3. Metrics v2"; docs/RATIONALE.md, "Metrics rollup"). FINAL over every observation of a month
-- costs seconds at 10M rows because the sort key starts with the trace id, so every part
-- overlaps; the rollup holds one row per (project, hour, low-cardinality dimensions).
--
-- It stays exact under ReplacingMergeTree versions because its input is signed: the writer sends
-- +1 for every observation version it stores and -1 for the version that one replaces (a deletion
-- only cancels). SummingMergeTree adds them up and drops rows whose sums are all zero.
--  * observation_hourly: the sums. Column names are the observation columns they come from, so
--    the metrics catalogue's dimension and filter SQL (o.name, o.environment, ...) reads both.
--    start_time is the hour. name, provided_model_name and prompt_name stay Nullable so NULL and
--    '' remain different groups, as on observations (hence allow_nullable_key).
--    *_count columns count non-NULL values, so sum/avg/count of a nullable measure keep NULL
--    semantics (total_cost, latency with no end_time).
--  * observation_rollup_input: a Null table the writer inserts signed rows into; the
--    materialized view computes each row's contribution with the metrics catalogue's own
--    expressions (ObservationRollupSql keeps the Java copy; tests compare both with FINAL).
-- Same partitioning as observations, so retention can drop the same month partitions.
-- The backfill of existing observations is not here: the server reconciles the rollup from
-- FINAL once after this migration is applied (ObservationRollup.reconcileAll), which is
-- idempotent where an INSERT here would not be.

CREATE TABLE IF NOT EXISTS observation_hourly ${ON_CLUSTER}
(
    project_id String,
    start_time DateTime64(6, 'UTC'),
    environment LowCardinality(String),
    type LowCardinality(String),
    provided_model_name Nullable(String),
    name Nullable(String),
    level LowCardinality(String),
    prompt_name Nullable(String),
    observations Int64,
    total_cost Decimal128(12),
    total_cost_count Int64,
    input_cost Decimal128(12),
    output_cost Decimal128(12),
    input_tokens Int64,
    output_tokens Int64,
    total_tokens Int64,
    latency_ms Int64,
    latency_count Int64
)
ENGINE = ${REPLICATED}SummingMergeTree
PARTITION BY toYYYYMM(start_time)
ORDER BY (project_id, start_time, environment, type, provided_model_name, name, level, prompt_name)
SETTINGS allow_nullable_key = 1;

CREATE TABLE IF NOT EXISTS observation_rollup_input ${ON_CLUSTER}
(
    project_id String,
    start_time DateTime64(6, 'UTC'),
    end_time Nullable(DateTime64(6, 'UTC')),
    environment LowCardinality(String),
    type LowCardinality(String),
    provided_model_name Nullable(String),
    name Nullable(String),
    level LowCardinality(String),
    prompt_name Nullable(String),
    usage_details Map(LowCardinality(String), UInt64),
    cost_details Map(LowCardinality(String), Decimal64(12)),
    total_cost Nullable(Decimal64(12)),
    sign Int8
)
ENGINE = Null;

-- The contributions are computed in a subquery under their own names: ClickHouse lets a SELECT
-- alias shadow a column everywhere in its query, so "... AS start_time" beside
-- dateDiff('millisecond', start_time, end_time) would measure from the hour.
CREATE MATERIALIZED VIEW IF NOT EXISTS observation_rollup_feed ${ON_CLUSTER} TO observation_hourly AS
SELECT
    project_id,
    c_hour AS start_time,
    environment, type, provided_model_name, name, level, prompt_name,
    sum(c_observations) AS observations,
    sum(c_total_cost) AS total_cost,
    sum(c_total_cost_count) AS total_cost_count,
    sum(c_input_cost) AS input_cost,
    sum(c_output_cost) AS output_cost,
    sum(c_input_tokens) AS input_tokens,
    sum(c_output_tokens) AS output_tokens,
    sum(c_total_tokens) AS total_tokens,
    sum(c_latency_ms) AS latency_ms,
    sum(c_latency_count) AS latency_count
FROM
(
    SELECT
        project_id, environment, type, provided_model_name, name, level, prompt_name,
        toDateTime64(toStartOfHour(start_time), 6, 'UTC') AS c_hour,
        toInt64(sign) AS c_observations,
        toDecimal128(ifNull(total_cost, 0), 12) * sign AS c_total_cost,
        toInt64(total_cost IS NOT NULL) * sign AS c_total_cost_count,
        toDecimal128(arraySum(mapValues(mapFilter((k, v) -> positionCaseInsensitive(k, 'input') > 0, cost_details))), 12) * sign AS c_input_cost,
        toDecimal128(arraySum(mapValues(mapFilter((k, v) -> positionCaseInsensitive(k, 'output') > 0, cost_details))), 12) * sign AS c_output_cost,
        toInt64(arraySum(mapValues(mapFilter((k, v) -> positionCaseInsensitive(k, 'input') > 0, usage_details)))) * sign AS c_input_tokens,
        toInt64(arraySum(mapValues(mapFilter((k, v) -> positionCaseInsensitive(k, 'output') > 0, usage_details)))) * sign AS c_output_tokens,
        toInt64(usage_details['total']) * sign AS c_total_tokens,
        toInt64(ifNull(dateDiff('millisecond', start_time, end_time), 0)) * sign AS c_latency_ms,
        toInt64(end_time IS NOT NULL) * sign AS c_latency_count
    FROM observation_rollup_input
)
GROUP BY project_id, c_hour, environment, type, provided_model_name, name, level, prompt_name;
