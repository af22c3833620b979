-- The sort keys of every score version by trace id, so the trace detail reads a trace's scores by
-- the scores' own sort key instead of the V002 bloom filter idx_trace_id (issue 4: trace detail;
-- docs/query-performance-plan.md, "2. Trace detail", Session 4; docs/RATIONALE.md, "Score keys
-- by trace (V009)").
-- Why: trace_id is not in the scores sort key. The bloom filter answers a look-up by checking the
-- filter of every granule of the table: 2 MB of compressed filter per detail at 1M scores, growing
-- with the table. Here the look-up is a sort-key look-up of one small granule (256 rows), then the
-- scores are read by exact sort key: 0.18 MB instead of 2.1 MB compressed on the bench data, the
-- same engine CPU there (14.0 against 14.9 ms), and it stays flat as the table grows.
-- It also makes the read exact for a score moved to another trace (the same id sent again with
-- another traceId, same sort key): the old trace's key row stays, so the read takes the NEWEST
-- version of each key and keeps it only if its trace_id is still this trace. A key row never makes
-- anything visible by itself: the scores table decides (newest version, is_deleted), so stale key
-- rows (moved or deleted scores) cost a few bytes and no correctness; they need no cleanup.
--  * Every version's key goes in, written with the insert by the materialized view (tombstones
--    too: same key, harmless). ReplacingMergeTree folds the duplicates when parts merge.
--  * Monthly partitions on the score's day, as the scores table, so a retention that drops a
--    scores month can drop the same month here.
--  * 256-row granules and small compressed blocks: one look-up decompresses about 10 KB.
-- The backfill runs after the view exists, so a score written meanwhile is not missed (a row
-- written twice is harmless); on a cluster it runs once and the Replicated table copies it (the
-- view fires on the replica that receives an insert). 2.5-3 s for 1M scores on the bench data.

CREATE TABLE IF NOT EXISTS score_trace_keys ${ON_CLUSTER}
(
    project_id String,
    trace_id String,
    day Date,
    name String,
    id String
)
ENGINE = ${REPLICATED}ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (project_id, trace_id, day, name, id)
SETTINGS index_granularity = 256, min_compress_block_size = 4096;

CREATE MATERIALIZED VIEW IF NOT EXISTS score_trace_keys_feed ${ON_CLUSTER} TO score_trace_keys AS
SELECT project_id, assumeNotNull(trace_id) AS trace_id, toDate(timestamp) AS day, name, id
FROM scores
WHERE trace_id IS NOT NULL;

INSERT INTO score_trace_keys (project_id, trace_id, day, name, id)
SELECT project_id, assumeNotNull(trace_id), toDate(timestamp), name, id
FROM scores
WHERE trace_id IS NOT NULL;
