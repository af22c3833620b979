-- The large text columns (input, output, metadata of traces and observations: most of the bytes)
-- compress with ZSTD level 1 instead of 3. Every span's text is compressed at insert and again
-- by each merge that rewrites its part, so the level is paid several times per span; reading
-- decompresses at about the same speed either way. Measured with bench MergeCost (100,000
-- benchmark spans in inserts of 3,700 into tables already holding 120,000, two runs each):
-- engine CPU per span until the merges are done 220 and 198 µs against 243 and 228 µs (-10 to
-- -13%), merge threads 96-116 against 119-135 µs, bytes on disk +4% (132.4 against 127.3 MB).
-- LZ4 saved more CPU but took +51% on disk. Details in docs/RATIONALE.md ("ZSTD(1) text columns").
-- A codec change only changes metadata: existing parts keep ZSTD(3) until a merge rewrites them.

ALTER TABLE observations ${ON_CLUSTER} MODIFY COLUMN input CODEC(ZSTD(1));
ALTER TABLE observations ${ON_CLUSTER} MODIFY COLUMN output CODEC(ZSTD(1));
ALTER TABLE observations ${ON_CLUSTER} MODIFY COLUMN metadata CODEC(ZSTD(1));
ALTER TABLE traces ${ON_CLUSTER} MODIFY COLUMN input CODEC(ZSTD(1));
ALTER TABLE traces ${ON_CLUSTER} MODIFY COLUMN output CODEC(ZSTD(1));
ALTER TABLE traces ${ON_CLUSTER} MODIFY COLUMN metadata CODEC(ZSTD(1));
