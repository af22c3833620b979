-- Every trace version's key, version, deletion flag and the few columns a userId or sessionId list
-- tests, in a narrow table with small granules (docs/query-performance-plan.md, "Session 5";
-- docs/RATIONALE.md, "userId lists decide newest versions from trace_versions"). A userId list's
-- candidates (trace_user_keys, V010) are about one granule each wherever they are read; in traces
-- a granule is ~1,100 rows of wide columns, here 64 rows of narrow ones, so the newest version of
-- every candidate, and with it the page and the exact total, come from one small read instead of
-- a FINAL pass over every trace of the project.
--  * Same sort key, engine and partitions as traces, fed by a materialized view with every row
--    written to traces (new versions, tombstones), so the newest version per key here is the
--    newest in traces (RowMerger gives every version of a key a higher event_version, so there
--    are no ties to break differently).
--  * Readers still take the newest version per key (ORDER BY event_version DESC LIMIT 1 BY) and
--    drop is_deleted = 1 after, as for traces; the page's rows come from traces.
--  * index_granularity = 64: a look-up reads 64 rows per candidate instead of 8,192 (primary index
--    ~31k marks per 2M traces, about 1.3 MB in memory); min_compress_block_size so that a
--    granule's id column is about one compressed block.
-- The backfill copies the versions of traces written before this migration. It runs after the
-- view exists, so a trace written meanwhile is in one or both; duplicate rows of one version are
-- harmless (equal rows, merged by the engine). On a cluster the INSERT runs on one replica and
-- replicates.

CREATE TABLE IF NOT EXISTS trace_versions ${ON_CLUSTER}
(
    project_id String,
    day Date,
    id String,
    timestamp DateTime64(6, 'UTC'),
    user_id LowCardinality(Nullable(String)),
    session_id LowCardinality(Nullable(String)),
    event_version UInt64,
    is_deleted UInt8
)
ENGINE = ${REPLICATED}ReplacingMergeTree(event_version, is_deleted)
PARTITION BY toYYYYMM(day)
ORDER BY (project_id, day, id)
SETTINGS index_granularity = 64, min_compress_block_size = 2048;

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_versions_feed ${ON_CLUSTER} TO trace_versions AS
SELECT project_id, toDate(timestamp) AS day, id, timestamp, user_id, session_id, event_version, is_deleted
FROM traces;

INSERT INTO trace_versions (project_id, day, id, timestamp, user_id, session_id, event_version, is_deleted)
SELECT project_id, toDate(timestamp), id, timestamp, user_id, session_id, event_version, is_deleted
FROM traces;
