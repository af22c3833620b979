-- trace by id (idx_id bloom filter), as ClickHouseEventStore.findTrace
SELECT * FROM traces WHERE project_id = 'p-bench' AND id = '{TID}' ORDER BY event_version DESC LIMIT 1 BY toDate(timestamp), id;;
-- observations by trace (sort-key prefix), as findObservations
SELECT * FROM observations WHERE project_id = 'p-bench' AND trace_id = '{TID}' ORDER BY event_version DESC LIMIT 1 BY trace_id, id;;
-- scores by V009 keys, as findScores (trace_id is then tested in Java)
SELECT * FROM scores WHERE project_id = 'p-bench' AND (toDate(timestamp), name, id) IN (SELECT day, name, id FROM score_trace_keys WHERE project_id = 'p-bench' AND trace_id = '{TID}') ORDER BY event_version DESC LIMIT 1 BY toDate(timestamp), name, id;;
-- scores by idx_trace_id bloom filter (before V009; not exact for moved scores)
SELECT * FROM scores WHERE project_id = 'p-bench' AND trace_id = '{TID}' ORDER BY event_version DESC LIMIT 1 BY toDate(timestamp), name, id;;
-- SELECT 1 (the fixed cost of a statement and of the measurement)
SELECT 1
