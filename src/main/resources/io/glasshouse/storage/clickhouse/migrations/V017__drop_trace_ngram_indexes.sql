-- Drops the V002 n-gram bloom filters on traces (input, output, joined metadata values). Since V004
-- the text indexes answer search candidates, and nothing reads these filters any more: they only
-- pruned the scan that search falls back to when the text indexes are missing or still being
-- built (TextIndexCheck), and only for needles in fewer than about 1 trace of 10,000. Every insert
-- and every merge of traces still built them: 3.4 ms of the engine's 49 ms per insert of 23 spans
-- (bench InsertCost 150 20), and 32 KiB per filter per index granule on disk. Details in
-- docs/RATIONALE.md ("The traces' n-gram bloom filters are dropped (V017)").
-- Dropping an index is a mutation that deletes its files (the columns are hard-linked, not
-- rewritten). It runs synchronously, on every replica: an unfinished mutation on traces makes
-- TextIndexCheck send searches down the slow scan path until it is done.

ALTER TABLE traces ${ON_CLUSTER} DROP INDEX IF EXISTS idx_input_ngrams SETTINGS mutations_sync = 2;
ALTER TABLE traces ${ON_CLUSTER} DROP INDEX IF EXISTS idx_output_ngrams SETTINGS mutations_sync = 2;
ALTER TABLE traces ${ON_CLUSTER} DROP INDEX IF EXISTS idx_metadata_ngrams SETTINGS mutations_sync = 2;
