package io.glasshouse.bench;

import io.glasshouse.storage.clickhouse.ClickHouse;
import io.glasshouse.storage.clickhouse.Sql;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The query benchmark's data, made inside the engine: {@code INSERT ... SELECT} over
 * {@code numbers_mt}, every value a deterministic function of the row number (cityHash64 of it
 * and a per-column salt), so the same sizes give the same rows on every machine and the run is
 * minutes, not the hours sending them through the API would take.
 *
 * <p>Shape: traces of 1-9 observations (5 on average) over {@link #DAYS} days ending at
 * {@link #END}; one session per 20 traces, each session owned by one user; generations carry
 * chat messages with one of a few long system prompts (as real prompts repeat), models from the
 * shipped price table with usage and cost; rare "needle" words in trace inputs at known rates.
 */
record QueryDataset(long traces, long sessions, long users, String projectId) {
    static final int DAYS = 30;
    static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant START = END.minusSeconds(DAYS * 86_400L);

    /** A word the search benchmark looks for, put into one trace in {@code oneIn}. */
    record Needle(String word, long oneIn, int salt) {}

    static final List<Needle> NEEDLES = List.of(
            new Needle("heliotrope", 1_000, 21),
            new Needle("zephyrquartz", 100_000, 22),
            new Needle("квазар", 10_000, 23),
            new Needle("量子コンピュータ", 20_000, 24));

    /** Models with their built-in prices (USD per million tokens: input, output), as shipped. */
    private static final String MODELS = "['gpt-4o','gpt-4o-mini','gpt-4.1','gpt-4.1-mini','claude-3-5-sonnet-20241022',"
            + "'claude-3-5-haiku-20241022','claude-sonnet-4-20250514','o3-mini']";
    private static final String INPUT_PRICES = "[2.5, 0.15, 2, 0.4, 3, 0.8, 3, 1.1]";
    private static final String OUTPUT_PRICES = "[10, 0.6, 8, 1.6, 15, 4, 15, 4.4]";

    /** The benchmark project's id: fixed, so the rows and the metadata agree in every cached dataset. */
    static final String PROJECT_ID = "p-bench";

    static QueryDataset ofObservations(long observations) {
        long traces = Math.max(1, observations / 5);
        return new QueryDataset(traces, Math.max(1, traces / 20), Math.max(1, Math.min(5_000, traces / 400)), PROJECT_ID);
    }

    /**
     * A short name for the cache directory: the sizes and the generator's version. v3: written with
     * the engine's one-stream strings (ChdbEngine), and the key and version tables merged with the
     * others; a v2 directory holds the same rows with a separate length stream per string column,
     * which opening it with this build does not rewrite.
     */
    String key() {
        return "t" + traces + "-s" + sessions + "-u" + users + "-v3";
    }

    /** The newest hours, written last in small parts as a running server leaves them (see {@link #generate}). */
    static final int TAIL_HOURS = 6;

    /**
     * Writes the dataset in the layout a server that ran a while has: (1) everything older than
     * the newest {@link #TAIL_HOURS} hours, each observation's earlier version included, merged
     * into one part per partition ({@code OPTIMIZE … FINAL}: older days sit in large time-local
     * parts, their versions collapsed, as background merges leave them); (2) the newest hours
     * hour by hour in small parts, with re-versions of some of their traces and earlier versions of
     * some observations, as ingest's flushes write them; (3) late updates spread over all days that
     * change cost, model and tokens of 1 generation in 50, and deletions of 1 observation in 200, so
     * a metric that does not pick the newest version of each row is visibly wrong.
     */
    void generate(ClickHouse clickHouse) {
        // A trace's age before END is cityHash64(its number, 2) % span_us µs (traceTimestamp).
        String older = "cityHash64({n}, 2) % span_us >= " + TAIL_HOURS * 3_600_000_000L;
        clickHouse.execute(Sql.plain(tracesSql(older.replace("{n}", "number"))));
        clickHouse.execute(Sql.plain(observationsSql(older.replace("{n}", "t"))));
        clickHouse.execute(Sql.plain(earlierVersionsSql("1 = 1")));
        clickHouse.execute(Sql.plain(scoresSql(older.replace("{n}", "number"))));
        // Every MergeTree table, not only the three written here: the materialized views fed the
        // key and version tables (trace_versions, observation_versions, …) from these inserts, and
        // a server that ran a while has merged those too. Left as inserted, they held 4–8 parts
        // where a merged one holds 1, and a userId list read twice the marks (session 8).
        for (var row : clickHouse.query(Sql.plain("SELECT name FROM system.tables WHERE database = currentDatabase()"
                + " AND engine LIKE '%MergeTree' AND name != 'glasshouse_schema_history' ORDER BY name")).rows()) {
            clickHouse.execute(Sql.plain("OPTIMIZE TABLE " + row.get("name").asText() + " FINAL"));
        }
        String tail = "toDateTime64('" + END.minusSeconds(TAIL_HOURS * 3_600L).toString().replace("T", " ").replace("Z", "")
                + "', 6, 'UTC')";
        for (int hour = 0; hour < TAIL_HOURS; hour++) {
            String slice = "intDiv(cityHash64({n}, 2) % span_us, 3600000000) = " + (TAIL_HOURS - 1 - hour);
            clickHouse.execute(Sql.plain(tracesSql(slice.replace("{n}", "number"))));
            clickHouse.execute(Sql.plain(observationsSql(slice.replace("{n}", "t"))));
            clickHouse.execute(Sql.plain(scoresSql(slice.replace("{n}", "number"))));
        }
        clickHouse.execute(Sql.plain(traceReVersionsSql("timestamp >= " + tail)));
        clickHouse.execute(Sql.plain(earlierVersionsSql("start_time >= " + tail)));
        clickHouse.execute(Sql.plain(changedGenerationsSql()));
        clickHouse.execute(Sql.plain(deletedObservationsSql()));
    }

    /** The number of traces whose input holds {@code needle}, by construction. */
    static String needleCondition(Needle needle, String number) {
        return "cityHash64(" + number + ", " + needle.salt() + ") % " + needle.oneIn() + " = 0";
    }

    private String common() {
        return String.format(Locale.ROOT, """
                WITH %d AS end_us, %d AS span_us, toString('%s') AS project,
                  ['You are a helpful customer-support assistant for Acme Cloud. Answer briefly and cite the docs page.',
                   'You are a senior software engineer reviewing pull requests. Point out bugs, risks and missing tests.',
                   'You are a retrieval-augmented assistant. Use only the provided context passages to answer.',
                   'You are a translation engine. Translate the user text faithfully and keep the formatting.',
                   'You are a classifier. Label the ticket with one of: billing, outage, account, feature-request, other.',
                   'You are an agent that plans tool calls step by step and reports the final answer to the user.'] AS prompts,
                  ['How do I rotate my API keys without downtime?', 'Why was I charged twice this month?',
                   'Summarise the attached incident report for the status page.', 'What does error E1042 mean when deploying?',
                   'Translate the release notes into German, please.', 'Can you review this function for thread-safety issues?',
                   'Which regions support private networking?', 'Draft a reply to a customer asking for a refund.',
                   'Explain the difference between the standard and premium plans.', 'List the steps to migrate a database to the new cluster.'] AS questions,
                  ['Sure. Rotate keys in two steps: create a second key, deploy it everywhere, then revoke the first one. Both keys stay valid meanwhile, so no request fails.',
                   'The second charge is a pre-authorisation that is released within 3 business days; no action is needed. I have added a note to your account.',
                   'On 12 March between 09:14 and 09:52 UTC, API requests in eu-west failed at a rate of up to 18%% because a configuration change exhausted the connection pool. The change was rolled back and a limit check now guards it.',
                   'E1042 means the build image exceeds the 2 GB limit. Remove build caches from the final stage or use a multi-stage build.',
                   'The function reads the shared map without holding the lock; two threads can resize it at once. Use a concurrent map or guard both accesses with the same lock.'] AS answers,
                  %s AS models, %s AS input_prices, %s AS output_prices
                """, END.getEpochSecond() * 1_000_000L, DAYS * 86_400L * 1_000_000L, projectId, MODELS, INPUT_PRICES, OUTPUT_PRICES);
    }

    private static String traceId(String number) {
        return "concat(lower(hex(reinterpretAsFixedString(cityHash64(" + number + ", 11)))), "
                + "lower(hex(reinterpretAsFixedString(cityHash64(" + number + ", 12)))))";
    }

    private static String traceTimestamp(String number) {
        return "fromUnixTimestamp64Micro(toInt64(end_us - cityHash64(" + number + ", 2) % span_us), 'UTC')";
    }

    private String needles(String number) {
        StringBuilder sql = new StringBuilder("concat(''");
        for (Needle needle : NEEDLES) {
            sql.append(", if(").append(needleCondition(needle, number)).append(", ' ").append(needle.word()).append("', '')");
        }
        return sql.append(")").toString();
    }

    private String tracesSql(String where) {
        return """
                INSERT INTO traces (project_id, id, timestamp, name, user_id, session_id, environment, release, input, output,
                  metadata, tags, event_version)
                """ + common() + String.format(Locale.ROOT, """
                SELECT project, %s, %s,
                  ['chat-completion','rag-answer','agent-run','summarize','classify-ticket','code-review','translate','support-bot'][1 + cityHash64(number, 4) %% 8],
                  concat('user-', toString(cityHash64(number, 6) %% %d %% %d)),
                  if(cityHash64(number, 7) %% 10 = 0, NULL, concat('session-', toString(cityHash64(number, 6) %% %d))),
                  ['production','production','production','staging','development'][1 + cityHash64(number, 8) %% 5],
                  concat('v1.', toString(cityHash64(number, 9) %% 20)),
                  concat('{"messages":[{"role":"user","content":"', questions[1 + cityHash64(number, 10) %% length(questions)], %s,
                    ' (ticket ', toString(number), ')"}]}'),
                  concat('{"role":"assistant","content":"', answers[1 + cityHash64(number, 13) %% length(answers)], '"}'),
                  map('feature', ['chat','search','agent','batch'][1 + cityHash64(number, 14) %% 4],
                      'customer_tier', ['free','pro','enterprise'][1 + cityHash64(number, 15) %% 3],
                      'request_id', lower(hex(reinterpretAsFixedString(cityHash64(number, 16))))),
                  arraySlice(['prod','beta','eval','vip','mobile','web','api','batch'], 1 + cityHash64(number, 17) %% 8, cityHash64(number, 18) %% 3),
                  1
                FROM numbers_mt(%d)
                WHERE %s
                """, traceId("number"), traceTimestamp("number"), sessions, users, sessions, needles("number"), traces, where);
    }

    // Row number m stands for observation k = m % 9 of trace t = m / 9, kept when k is below the
    // trace's size (1-9, uniform): 5 observations per trace on average.
    private String observationsSql(String where) {
        return """
                INSERT INTO observations (project_id, trace_id, id, type, parent_observation_id, name, environment, start_time,
                  end_time, completion_start_time, level, input, output, metadata, provided_model_name, internal_model_id,
                  model_parameters, provided_usage_details, usage_details, cost_details, total_cost, event_version)
                """ + common() + String.format(Locale.ROOT, """
                , intDiv(number, 9) AS t, number %% 9 AS k,
                  if(k = 0, 'AGENT', ['GENERATION','GENERATION','GENERATION','GENERATION','SPAN','SPAN','TOOL','TOOL',
                    'RETRIEVER','EVENT','CHAIN','EMBEDDING','GUARDRAIL','EVALUATOR'][1 + cityHash64(number, 30) %% 14]) AS obs_type,
                  1 + cityHash64(number, 31) %% length(models) AS model_index,
                  toUInt64(200 + cityHash64(number, 32) %% 3000) AS input_tokens,
                  toUInt64(20 + cityHash64(number, 33) %% 800) AS output_tokens,
                  %s + toIntervalMillisecond(k * 150 + cityHash64(number, 34) %% 100) AS start_at
                SELECT project, %s, concat(lower(hex(reinterpretAsFixedString(cityHash64(number, 35)))), '-', toString(k)), obs_type,
                  if(k = 0, NULL, concat(lower(hex(reinterpretAsFixedString(cityHash64(t * 9, 35)))), '-0')),
                  multiIf(obs_type = 'GENERATION', 'llm-call', obs_type = 'TOOL', ['search_docs','get_invoice','run_sql','http_get'][1 + cityHash64(number, 36) %% 4],
                    lower(obs_type)),
                  ['production','production','production','staging','development'][1 + cityHash64(t, 8) %% 5],
                  start_at,
                  start_at + toIntervalMillisecond(5 + cityHash64(number, 37) %% (obs_type = 'GENERATION' ? 8000 : 400)),
                  if(obs_type = 'GENERATION', start_at + toIntervalMillisecond(80 + cityHash64(number, 38) %% 900), NULL),
                  ['DEFAULT','DEFAULT','DEFAULT','DEFAULT','DEFAULT','DEFAULT','DEFAULT','DEFAULT','DEFAULT','DEFAULT','DEFAULT',
                   'DEFAULT','DEFAULT','DEFAULT','DEFAULT','DEFAULT','DEFAULT','DEFAULT','WARNING','ERROR'][1 + cityHash64(number, 39) %% 20],
                  multiIf(obs_type = 'GENERATION', concat('[{"role":"system","content":"', repeat(concat(prompts[1 + cityHash64(t, 40) %% length(prompts)], ' '), 12),
                      '"},{"role":"user","content":"', questions[1 + cityHash64(t, 10) %% length(questions)], ' Context: ',
                      repeat(concat(answers[1 + cityHash64(number, 41) %% length(answers)], ' '), 1 + cityHash64(number, 42) %% 4), '"}]'),
                    obs_type = 'TOOL', concat('{"query":"', questions[1 + cityHash64(number, 43) %% length(questions)], '","top_k":', toString(1 + number %% 10), '}'),
                    obs_type = 'AGENT', concat('{"input":"', questions[1 + cityHash64(t, 10) %% length(questions)], '"}'),
                    NULL),
                  multiIf(obs_type = 'GENERATION', concat('{"role":"assistant","content":"', repeat(concat(answers[1 + cityHash64(number, 44) %% length(answers)], ' '),
                      1 + cityHash64(number, 45) %% 3), '"}'),
                    obs_type = 'TOOL', concat('{"results":', toString(cityHash64(number, 46) %% 20), ',"status":"ok"}'),
                    obs_type = 'AGENT', concat('{"output":"', answers[1 + cityHash64(t, 13) %% length(answers)], '"}'),
                    NULL),
                  map('step', toString(k), 'component', ['router','planner','executor','ranker'][1 + cityHash64(number, 47) %% 4]),
                  if(obs_type IN ('GENERATION','EMBEDDING'), models[model_index], NULL),
                  if(obs_type IN ('GENERATION','EMBEDDING'), models[model_index], NULL),
                  if(obs_type = 'GENERATION', '{"temperature":0.2,"max_tokens":1024}', NULL),
                  if(obs_type IN ('GENERATION','EMBEDDING'), map('input', input_tokens, 'output', output_tokens), map()),
                  if(obs_type IN ('GENERATION','EMBEDDING'), map('input', input_tokens, 'output', output_tokens, 'total', input_tokens + output_tokens), map()),
                  if(obs_type IN ('GENERATION','EMBEDDING'), map(
                      'input', toDecimal64(input_tokens * input_prices[model_index] / 1000000, 12),
                      'output', toDecimal64(output_tokens * output_prices[model_index] / 1000000, 12),
                      'total', toDecimal64((input_tokens * input_prices[model_index] + output_tokens * output_prices[model_index]) / 1000000, 12)),
                    map()),
                  if(obs_type IN ('GENERATION','EMBEDDING'),
                      toDecimal64((input_tokens * input_prices[model_index] + output_tokens * output_prices[model_index]) / 1000000, 12), NULL),
                  2
                FROM numbers_mt(%d)
                WHERE k < 1 + cityHash64(t, 3) %% 9 AND %s
                """, traceTimestamp("t"), traceId("t"), traces * 9, where);
    }

    // As ingestion leaves them before a merge: for about 1 observation in 50, the earlier version
    // (before its update arrived) under the same key, without output or end time, which every
    // read has to see past.
    private static String earlierVersionsSql(String where) {
        return String.format(Locale.ROOT, """
                INSERT INTO observations (project_id, trace_id, id, type, parent_observation_id, name, environment, start_time,
                  level, input, metadata, provided_model_name, internal_model_id, model_parameters, event_version)
                SELECT project_id, trace_id, id, type, parent_observation_id, name, environment, start_time, level, input, metadata,
                  provided_model_name, internal_model_id, model_parameters, 1
                FROM observations
                WHERE cityHash64(id, 50) %% 50 = 0 AND event_version = 2 AND %s
                """, where);
    }

    // A running server re-versions a trace when an update for it arrives (output, tags, ...): a
    // newer row under the same key, here with the same content, for 1 trace in 10 of the tail.
    private static String traceReVersionsSql(String where) {
        return String.format(Locale.ROOT, """
                INSERT INTO traces SELECT * REPLACE (event_version + 1 AS event_version)
                FROM (SELECT * FROM traces WHERE cityHash64(id, 70) %% 10 = 0 AND event_version = 1 AND %s)
                """, where);
    }

    // Late updates that change what a generation cost: another model, twice the tokens and cost.
    private static String changedGenerationsSql() {
        return """
                INSERT INTO observations SELECT * REPLACE (
                  3 AS event_version,
                  'gpt-4.1' AS provided_model_name,
                  'gpt-4.1' AS internal_model_id,
                  mapApply((k, v) -> (k, v * 2), provided_usage_details) AS provided_usage_details,
                  mapApply((k, v) -> (k, v * 2), usage_details) AS usage_details,
                  mapApply((k, v) -> (k, v * 2), cost_details) AS cost_details,
                  total_cost * 2 AS total_cost)
                FROM (SELECT * FROM observations WHERE type = 'GENERATION' AND event_version = 2 AND cityHash64(id, 51) % 50 = 0)
                """;
    }

    // (The filters sit in subqueries: in ClickHouse a WHERE next to REPLACE sees the replaced
    // value under the column's name, so `event_version = 2` would test the new version.)

    // Deletions as the server writes them: a newer row under the same key with is_deleted = 1.
    private static String deletedObservationsSql() {
        return """
                INSERT INTO observations SELECT * REPLACE (4 AS event_version, 1 AS is_deleted)
                FROM (SELECT * FROM observations WHERE event_version = 2 AND cityHash64(id, 52) % 200 = 0)
                """;
    }

    private String scoresSql(String where) {
        return """
                INSERT INTO scores (project_id, id, timestamp, trace_id, session_id, name, value, string_value, data_type, source,
                  environment, event_version)
                """ + common() + String.format(Locale.ROOT, """
                SELECT project, lower(hex(reinterpretAsFixedString(cityHash64(number, 60)))),
                  %s + toIntervalSecond(1 + cityHash64(number, 61) %% 600),
                  %s,
                  if(cityHash64(number, 7) %% 10 = 0, NULL, concat('session-', toString(cityHash64(number, 6) %% %d))),
                  ['quality','relevance','toxicity','user-feedback'][1 + cityHash64(number, 62) %% 4],
                  (cityHash64(number, 63) %% 1000) / 1000.0,
                  NULL, 'NUMERIC', ['API','EVAL','ANNOTATION'][1 + cityHash64(number, 64) %% 3],
                  ['production','production','production','staging','development'][1 + cityHash64(number, 8) %% 5],
                  1
                FROM numbers_mt(%d)
                WHERE cityHash64(number, 65) %% 2 = 0 AND %s
                """, traceTimestamp("number"), traceId("number"), sessions, traces, where);
    }
}
