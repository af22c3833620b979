-- Which traces ever belonged to a user, ordered by user (docs/query-performance-plan.md, "Session 4";
-- docs/RATIONALE.md, "userId lists read their candidates from trace_user_keys"). A userId trace list
-- otherwise finds its traces by reading user_id for every trace of the project (the traces sort key
-- is (project_id, day, id)); here the keys of one user are a contiguous range of a narrow table.
--  * Every version row with a user goes in, fed by the materialized view as traces are written: a
--    trace moved to another user, deleted, or moved to another day leaves its old key row behind.
--    So a row here only says "this key had this user once"; readers take the newest version of
--    each such key from traces and test the user (and every other condition) on it, which keeps
--    lists exact. Stale rows cost a look-up, never a wrong answer.
--  * ReplacingMergeTree with no version: a key re-written under the same user merges into one row.
--    Readers never rely on that (they take DISTINCT keys), so duplicates from a retried insert or
--    from the backfill below overlapping the view are harmless.
--  * Same monthly partitions as traces (the key's day is the trace's day).
-- The backfill copies the keys of traces written before this migration. It runs after the view
-- exists, so a trace written meanwhile is in one or both; re-running it after an interrupted start
-- only adds duplicates. On a cluster the INSERT runs on one replica and replicates like any insert.

CREATE TABLE IF NOT EXISTS trace_user_keys ${ON_CLUSTER}
(
    project_id String,
    user_id String,
    day Date,
    id String
)
ENGINE = ${REPLICATED}ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (project_id, user_id, day, id);

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_user_keys_feed ${ON_CLUSTER} TO trace_user_keys AS
SELECT project_id, assumeNotNull(user_id) AS user_id, toDate(timestamp) AS day, id
FROM traces
WHERE user_id IS NOT NULL;

INSERT INTO trace_user_keys (project_id, user_id, day, id)
SELECT project_id, assumeNotNull(user_id), toDate(timestamp), id
FROM traces
WHERE user_id IS NOT NULL;
