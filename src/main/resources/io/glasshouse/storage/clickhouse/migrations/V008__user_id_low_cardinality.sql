-- traces.user_id as LowCardinality(Nullable(String)) (docs/query-performance-plan.md, "Session 3";
-- docs/RATIONALE.md). The exact total of a userId trace list is count() ... FINAL, which cannot
-- move the filter to PREWHERE, so it reads user_id for every trace in range: as a plain String
-- 35.6 MB uncompressed per 2M traces, as LowCardinality 4.1 MB, and the comparison runs on
-- dictionary positions. Measured on two narrow copies of the bench traces (one merged part each):
-- the userId count 31-39 ms against 57-114 ms (load 17).
-- RowBinary carries a LowCardinality column as its nested type, so the writer's bytes do not
-- change (EventColumns names the new type; TestRowBinaryEncoder checks it).
-- A MODIFY COLUMN rewrites this one column of every existing part; mutations_sync = 2 waits for
-- it (and for every replica on a cluster), as V004 does, so reads after start see one type.

ALTER TABLE traces ${ON_CLUSTER} MODIFY COLUMN user_id LowCardinality(Nullable(String)) SETTINGS mutations_sync = 2;
