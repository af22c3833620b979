-- Compressed blocks of at least 8 KiB instead of 64 KiB for traces, observations and scores, so a
-- look-up of a few rows decompresses about the rows' granule of each column instead of a block
-- spanning many granules (issue 4: trace detail p95 under 50 ms on 10M observations).
-- Why: ClickHouse ends a column's compressed block at a granule boundary only once the block holds
-- min_compress_block_size. With 64 KiB, a small column (a timestamp, a LowCardinality, a Map's
-- offsets) packs dozens of granules in one block, and the trace detail reads some 90 column
-- streams: a trace's observations decompressed 5.1 MB to return 10 KB. With 8 KiB: 1.3 MB, and
-- 20-25% less engine CPU per look-up (measured on 1M bench observations; docs/RATIONALE.md,
-- "Smaller compressed blocks for look-ups (V007)"). Cost: 2-4% more bytes on disk (more, smaller
-- blocks compress a little worse; on the 10M bench data observations +2.4%, traces +3.7%);
-- large text columns are unaffected (their blocks fill max_compress_block_size anyway).
-- MODIFY SETTING only changes metadata, so REWRITE PARTS then rewrites the existing parts with the
-- new setting, synchronously (a one-time cost about that of a merge of the whole table; without it
-- old parts would keep their 64 KiB blocks until merged, which for a large merged part is rare).
-- Parts keep their boundaries and rows (checked on the bench data: same row counts and parts).

ALTER TABLE observations ${ON_CLUSTER} MODIFY SETTING min_compress_block_size = 8192;
ALTER TABLE traces ${ON_CLUSTER} MODIFY SETTING min_compress_block_size = 8192;
ALTER TABLE scores ${ON_CLUSTER} MODIFY SETTING min_compress_block_size = 8192;
ALTER TABLE observations ${ON_CLUSTER} REWRITE PARTS SETTINGS mutations_sync = 2;
ALTER TABLE traces ${ON_CLUSTER} REWRITE PARTS SETTINGS mutations_sync = 2;
ALTER TABLE scores ${ON_CLUSTER} REWRITE PARTS SETTINGS mutations_sync = 2;
