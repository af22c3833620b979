-- Every observation version's key, version, deletion flag and the few columns the trace list's
-- per-trace aggregates read (latency, total cost, the observation ids in start order), in a narrow
-- table with small granules (docs/query-performance-plan.md, "Session 6"; docs/RATIONALE.md,
-- "Trace list aggregates from observation_versions"). A list page looks up the observations of
-- 50 traces; each trace lies in its own granule of every part holding its rows, and in
-- observations a granule is ~900 rows of wide columns, here 64 rows of narrow ones.
--  * Same sort key, engine and partitions as observations, fed by a materialized view with every
--    row written to observations (new versions, tombstones of an observation moved to another
--    trace or month), so the newest version per key here is the newest in observations
--    (RowMerger gives every version of a key a higher event_version: no ties to break).
--  * Readers still take the newest version per key (ORDER BY event_version DESC LIMIT 1 BY
--    trace_id, id) and drop is_deleted = 1 after, as for observations.
--  * index_granularity = 64, min_compress_block_size so that a granule's columns are about one
--    compressed block. PRIMARY KEY without id: look-ups are by trace id only, and the index of
--    ~160k marks per 10M observations stays smaller without the observation id in it.
-- The backfill copies the versions of observations written before this migration. It runs after
-- the view exists, so an observation written meanwhile is in one or both; duplicate rows of one
-- version are harmless (equal rows, merged by the engine). On a cluster the INSERT runs on one
-- replica and replicates.

CREATE TABLE IF NOT EXISTS observation_versions ${ON_CLUSTER}
(
    project_id String,
    trace_id String,
    id String,
    start_time DateTime64(6, 'UTC'),
    end_time Nullable(DateTime64(6, 'UTC')),
    total_cost Nullable(Decimal64(12)),
    event_version UInt64,
    is_deleted UInt8
)
ENGINE = ${REPLICATED}ReplacingMergeTree(event_version, is_deleted)
PARTITION BY toYYYYMM(start_time)
PRIMARY KEY (project_id, trace_id)
ORDER BY (project_id, trace_id, id)
SETTINGS index_granularity = 64, min_compress_block_size = 2048;

CREATE MATERIALIZED VIEW IF NOT EXISTS observation_versions_feed ${ON_CLUSTER} TO observation_versions AS
SELECT project_id, trace_id, id, start_time, end_time, total_cost, event_version, is_deleted
FROM observations;

INSERT INTO observation_versions (project_id, trace_id, id, start_time, end_time, total_cost, event_version, is_deleted)
SELECT project_id, trace_id, id, start_time, end_time, total_cost, event_version, is_deleted
FROM observations;
