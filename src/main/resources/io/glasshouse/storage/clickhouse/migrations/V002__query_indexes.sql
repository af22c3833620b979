-- Skip indexes for the read API (measured with bench/query on 10M observations; the reasons are in
-- docs/RATIONALE.md, "Query performance").
--  * scores by trace: the trace detail and the trace list fetch a trace's scores, and trace_id is
--    not in the scores sort key; a bloom filter per granule finds the one granule holding them.
--  * full-text search over trace input, output and metadata values: n-gram bloom filters on the
--    lower-cased text. A search predicate uses them when it contains
--    `lowerUTF8(<the same expression>) LIKE '%<lower-cased, LIKE-escaped text>%'` (see
--    TextSearchSql); positionCaseInsensitiveUTF8 and ILIKE alone use no index. 3-grams of bytes work
--    for every script, also those without spaces (Japanese, Chinese). A word in most granules
--    (more often than about 1 trace in 10,000) cannot be skipped and is found by scanning.
-- MATERIALIZE builds the indexes for parts written before this migration, as a background mutation.

ALTER TABLE scores ${ON_CLUSTER} ADD INDEX IF NOT EXISTS idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1;
ALTER TABLE scores ${ON_CLUSTER} MATERIALIZE INDEX idx_trace_id;

ALTER TABLE traces ${ON_CLUSTER} ADD INDEX IF NOT EXISTS idx_input_ngrams lowerUTF8(ifNull(input, ''))
    TYPE ngrambf_v1(3, 32768, 2, 0) GRANULARITY 1;
ALTER TABLE traces ${ON_CLUSTER} ADD INDEX IF NOT EXISTS idx_output_ngrams lowerUTF8(ifNull(output, ''))
    TYPE ngrambf_v1(3, 32768, 2, 0) GRANULARITY 1;
ALTER TABLE traces ${ON_CLUSTER} ADD INDEX IF NOT EXISTS idx_metadata_ngrams lowerUTF8(arrayStringConcat(mapValues(metadata), ' '))
    TYPE ngrambf_v1(3, 32768, 2, 0) GRANULARITY 1;
ALTER TABLE traces ${ON_CLUSTER} MATERIALIZE INDEX idx_input_ngrams;
ALTER TABLE traces ${ON_CLUSTER} MATERIALIZE INDEX idx_output_ngrams;
ALTER TABLE traces ${ON_CLUSTER} MATERIALIZE INDEX idx_metadata_ngrams;
