-- Traces and observations merge about ten parts of a size at once instead of five
-- (merge_selector_base, ClickHouse's main knob between write amplification and parts count).
-- Why: every span's input/output text is decompressed, re-compressed and re-indexed by each merge
-- that rewrites its part, and under ingestion load the merges were a third of the server's CPU.
-- A wider merge tree rewrites each row about log(10)/log(5) = 0.7 times as often. Measured with
-- bench MergeCost (200,000 benchmark spans in inserts of 3,000, two runs each): merge threads
-- 51 and 70 µs per span against 94 and 107 µs, engine CPU per span until the merges are done 133
-- and 183 against 194 and 210 µs. The price is more fresh parts at a time (11 against 6 active
-- parts at the end of those runs); the engine lowers the base for parts older than about an
-- hour and whenever a partition holds many parts, so older data ends up merged as before.
-- Details in docs/RATIONALE.md ("Wider merges"). MODIFY SETTING only changes metadata.

ALTER TABLE observations ${ON_CLUSTER} MODIFY SETTING merge_selector_base = 10;
ALTER TABLE traces ${ON_CLUSTER} MODIFY SETTING merge_selector_base = 10;
