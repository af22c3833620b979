-- Which traces ever belonged to a user, and to a session, ordered by that value
-- (docs/query-performance-plan.md, "Session 4"; docs/RATIONALE.md, "userId and sessionId lists
-- read their candidates from key tables"). A userId or sessionId trace list otherwise finds its
-- traces by reading the column for every trace of the project (the traces sort key is
-- (project_id, day, id)); here the keys of one user or session are a contiguous range of a narrow
-- table.
--  * Every version row with a user (session) goes in, fed by a materialized view as traces are
--    written: a trace moved to another user, deleted, or moved to another day leaves its old key
--    row behind. So a row here only says "this key had this value once"; readers take the newest
--    version of each such key from traces and test every condition on it, which keeps lists exact.
--    Stale rows cost a look-up, never a wrong answer.
--  * ReplacingMergeTree with no version: a key re-written with the same value merges into one row.
--    Readers never rely on that (they count distinct keys), so duplicates from a retried insert or
--    from the backfill below overlapping the view are harmless.
--  * Same monthly partitions as traces (the key's day is the trace's day).
-- The backfills copy the keys of traces written before this migration. They run after the views
-- exist, so a trace written meanwhile is in one or both; re-running them after an interrupted
-- start only adds duplicates. On a cluster each INSERT runs on one replica and replicates.

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

CREATE TABLE IF NOT EXISTS trace_session_keys ${ON_CLUSTER}
(
    project_id String,
    session_id String,
    day Date,
    id String
)
ENGINE = ${REPLICATED}ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (project_id, session_id, day, id);

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_session_keys_feed ${ON_CLUSTER} TO trace_session_keys AS
SELECT project_id, assumeNotNull(session_id) AS session_id, toDate(timestamp) AS day, id
FROM traces
WHERE session_id IS NOT NULL;

INSERT INTO trace_session_keys (project_id, session_id, day, id)
SELECT project_id, assumeNotNull(session_id), toDate(timestamp), id
FROM traces
WHERE session_id IS NOT NULL;
