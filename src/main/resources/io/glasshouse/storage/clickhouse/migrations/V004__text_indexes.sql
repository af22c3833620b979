-- Text (inverted) indexes for full-text search over trace input, output and metadata values
-- (issue 4: search p95 under 1 s at 2M traces). The V002 n-gram bloom filters skip only granules
-- without the needle; a word in 1 trace of 1,000 is in every 8,192-row granule, so they skip
-- nothing there. These indexes map every 3-gram of the lower-cased text to the rows holding it,
-- and TextSearchSql asks them with hasAllTokens, answered from the index alone
-- (docs/query-performance-plan.md, "4. Full-text search"; docs/RATIONALE.md, "Full-text search").
--  * ngrams(3) counts code points, so it serves every script, also those without spaces, and any
--    substring of 3 or more characters (shorter needles keep the scan path).
--  * The preprocessor lower-cases the text and the searched needle alike.
--  * HAZARD: hasAllTokens means "all 3-grams present" only while the index answers it; on a part
--    without the index it falls back to word tokens and finds (almost) nothing. So the MATERIALIZE
--    below runs synchronously (mutations_sync = 2: on every replica) before the new query shape
--    is used, inserts and merges always build the index, and use_skip_indexes must never be 0.
-- Observations get no text index: on the bench dataset it is twice the observations table's
-- size and ten times the traces' build time (docs/RATIONALE.md); their search keeps the scan.
ALTER TABLE traces ${ON_CLUSTER} ADD INDEX IF NOT EXISTS idx_input_text input
    TYPE text(tokenizer = ngrams(3), preprocessor = lowerUTF8(input));
ALTER TABLE traces ${ON_CLUSTER} ADD INDEX IF NOT EXISTS idx_output_text output
    TYPE text(tokenizer = ngrams(3), preprocessor = lowerUTF8(output));
ALTER TABLE traces ${ON_CLUSTER} ADD INDEX IF NOT EXISTS idx_metadata_text mapValues(metadata)
    TYPE text(tokenizer = ngrams(3), preprocessor = lowerUTF8(mapValues(metadata)));
ALTER TABLE traces ${ON_CLUSTER} MATERIALIZE INDEX idx_input_text SETTINGS mutations_sync = 2;
ALTER TABLE traces ${ON_CLUSTER} MATERIALIZE INDEX idx_output_text SETTINGS mutations_sync = 2;
ALTER TABLE traces ${ON_CLUSTER} MATERIALIZE INDEX idx_metadata_text SETTINGS mutations_sync = 2;
