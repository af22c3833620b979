-- trace by id (idx_id bloom filter), as ClickHouseEventStore.findTrace (newest version picked in Java)
SELECT *, toDate(timestamp) AS key_day FROM traces WHERE project_id = 'p-bench' AND id = '{TID}';;
-- observations by trace (sort-key prefix), as findObservations (newest version picked in Java)
SELECT * FROM observations WHERE project_id = 'p-bench' AND trace_id = '{TID}';;
-- scores by V009 keys, as findScores (newest version picked and trace_id tested in Java)
SELECT *, toDate(timestamp) AS key_day FROM scores WHERE project_id = 'p-bench' AND (toDate(timestamp), name, id) IN (SELECT day, name, id FROM score_trace_keys WHERE project_id = 'p-bench' AND trace_id = '{TID}');;
-- trace by id with LIMIT 1 BY (before session 5)
SELECT * FROM traces WHERE project_id = 'p-bench' AND id = '{TID}' ORDER BY event_version DESC LIMIT 1 BY toDate(timestamp), id;;
-- observations by trace with LIMIT 1 BY (before session 5)
SELECT * FROM observations WHERE project_id = 'p-bench' AND trace_id = '{TID}' ORDER BY event_version DESC LIMIT 1 BY trace_id, id;;
-- scores by V009 keys with LIMIT 1 BY (before session 5)
SELECT * FROM scores WHERE project_id = 'p-bench' AND (toDate(timestamp), name, id) IN (SELECT day, name, id FROM score_trace_keys WHERE project_id = 'p-bench' AND trace_id = '{TID}') ORDER BY event_version DESC LIMIT 1 BY toDate(timestamp), name, id;;
-- scores by idx_trace_id bloom filter (before V009; not exact for moved scores)
SELECT * FROM scores WHERE project_id = 'p-bench' AND trace_id = '{TID}' ORDER BY event_version DESC LIMIT 1 BY toDate(timestamp), name, id;;
-- SELECT 1 (the fixed cost of a statement and of the measurement)
SELECT 1
