-- Fresh parts in the compact format (all columns in one file) until a part holds 128 MiB of
-- uncompressed data; merged parts above that are wide (a file per column), as before.
-- Why: the server's group commits under load make parts of a few thousand spans (about 20 MB
-- uncompressed); as wide parts each holds some 80 column streams, every one compressed, written
-- and later re-read by the merges separately. Measured with bench MergeCost (40,000 benchmark
-- spans in inserts of 3,500, CPU until the merges are done): 18-40% less engine CPU per span
-- than the 10 MiB default, same bytes on disk. Queries over large data read wide parts as before;
-- details in docs/RATIONALE.md ("Compact fresh parts").
-- MODIFY SETTING only changes metadata: existing parts keep their format until merged.

ALTER TABLE observations ${ON_CLUSTER} MODIFY SETTING min_bytes_for_wide_part = 134217728;
ALTER TABLE traces ${ON_CLUSTER} MODIFY SETTING min_bytes_for_wide_part = 134217728;
