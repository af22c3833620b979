package io.glasshouse.bench;

import io.glasshouse.ingest.RowMerger;
import io.glasshouse.ingest.otel.OtelMapping;
import io.glasshouse.ingest.otel.OtelSpanMapper;
import io.glasshouse.ingest.otel.OtlpDecoding;
import io.glasshouse.ingest.pricing.ModelPrices;
import io.glasshouse.ingest.pricing.ModelPricing;
import io.glasshouse.ingest.pricing.ProjectModelPrices;
import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.StoredRows;
import io.glasshouse.storage.clickhouse.ChdbEngine;
import io.glasshouse.storage.clickhouse.ClickHouse;
import io.glasshouse.storage.clickhouse.ClickHouseEventStore;
import io.glasshouse.storage.clickhouse.ClickHouseSchema;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.LibchdbLocator;
import io.glasshouse.storage.clickhouse.QueryResult;
import io.glasshouse.storage.clickhouse.SchemaDialect;
import io.glasshouse.storage.clickhouse.Sql;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's own insert rate for the rows the server stores: the benchmark's traffic mapped and
 * merged by the server's code (OTLP mapping, row merger, pricing), then inserted straight into a
 * fresh embedded engine with the server's schema — once as JSONEachRow ({@link JsonEachRowRows}, the
 * server's former path, kept as the independent reference) and once through
 * {@link ClickHouseEventStore} (the server's RowBinary path, the engine's cheapest format). Runs in the load generator's
 * process on its own data dir, never while a server engine shares the process. The engine stays
 * open (idle) for the whole benchmark, so the raw rate can be measured right before each server
 * phase: on a shared machine, figures taken minutes apart are not comparable.
 */
final class RawEngineRun implements AutoCloseable {
    private static final ProjectId PROJECT = new ProjectId("bench-raw");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String OBSERVATION_HASH = "cityHash64(project_id, trace_id, id, type, parent_observation_id, "
            + "name, environment, start_time, end_time, completion_start_time, level, status_message, version, input, "
            + "output, metadata, provided_model_name, internal_model_id, model_parameters, provided_usage_details, "
            + "usage_details, provided_cost_details, cost_details, total_cost, prompt_id, prompt_name, prompt_version, "
            + "resource_attributes, scope_name, event_version, is_deleted)";
    private static final String TRACE_HASH = "cityHash64(project_id, id, timestamp, name, user_id, session_id, "
            + "environment, release, version, input, output, metadata, tags, public, bookmarked, event_version, is_deleted)";

    enum Method {
        JSON_EACH_ROW("raw engine, JSONEachRow streaming insert", "bench_json", false),
        ROW_BINARY("raw engine, RowBinary via ClickHouseEventStore.insert", "bench_rowbinary", false),
        /**
         * RowBinary again, into tables that already hold the rows of the server's warm-up rounds (merged
         * and settled), which is the state the server's tables are in when its measured window starts:
         * the new parts merge with those rows, which costs the engine more than merging into empty tables.
         */
        ROW_BINARY_SAME_STATE("raw engine, RowBinary, into tables holding the server's warm-up rows", "bench_samestate", true);

        final String label;
        final String database;
        final boolean prefilled;

        Method(String label, String database, boolean prefilled) {
            this.label = label;
            this.database = database;
            this.prefilled = prefilled;
        }
    }

    // Holds the server's warm-up rows once; measured tables of a prefilled method get copies of its parts.
    private static final String PREFILL_DATABASE = "bench_prefill";

    /**
     * @param engineNanos time inside {@code ClickHouse.insert} (the engine parsing and writing)
     * @param encodeNanos the rest: turning rows into the input format
     * @param encodeCpuNanos CPU time of the inserting thread outside {@code ClickHouse.insert}: the
     *     encoding's own cost, which other load on the machine hardly changes
     * @param bytes input-format bytes handed to the engine
     * @param settledCpuNanos this process's CPU from the first insert until no merge runs any more:
     *     the merges of the inserted parts counted too, as the server's settled figure counts its own
     */
    record Result(Method method, long spans, long traceRows, long inserts, long bytes, long wallNanos, long engineNanos,
            long encodeNanos, long encodeCpuNanos, Cpu.Usage cpu, long settledCpuNanos) {}

    /**
     * The rows, and the CPU time the server's own code took to make them on this one thread, per
     * stage: protobuf decoding, span mapping, merging with pricing. No HTTP, no engine: the
     * server's ingest path in isolation, a figure other load on the machine hardly changes.
     */
    record Mapped(List<EventBatch> inserts, long spans, long decodeCpuNanos, long mapCpuNanos, long mergeCpuNanos) {}

    /**
     * The inserts that {@code -Dprefill=N} of MergeCost and InsertCost store first: {@code spans}
     * other spans (another seed than the measured ones) in inserts of 5,000, as a server's earlier
     * traffic leaves its tables. Empty for 0.
     */
    static List<EventBatch> prefillInserts(int spans) {
        return spans == 0 ? List.of() : rowsAsServerStores(Workload.otlpRequests(43, spans, 200), 5_000).inserts();
    }

    /** Rows grouped into inserts of about {@code spansPerInsert} observations, as the server's writer groups them. */
    static Mapped rowsAsServerStores(List<ExportTraceServiceRequest> requests, int spansPerInsert) {
        OtlpDecoding decoding = new OtlpDecoding(OtlpDecoding.DEFAULT_MAX_DECODED_BYTES);
        OtelSpanMapper mapper = new OtelSpanMapper(Clock.systemUTC());
        RowMerger merger = new RowMerger(new ModelPricing(ModelPrices.withShippedPrices(ProjectModelPrices.none())),
                StoredRows.none(), RowMerger.Settings.defaults());
        List<EventBatch> inserts = new ArrayList<>();
        List<EventBatch> pending = new ArrayList<>();
        int pendingSpans = 0;
        long spans = 0;
        long decodeCpu = 0;
        long mapCpu = 0;
        long mergeCpu = 0;
        for (ExportTraceServiceRequest sent : requests) {
            byte[] body = sent.toByteArray();
            long t0 = THREADS.getCurrentThreadCpuTime();
            ExportTraceServiceRequest request = decoding.decode(body, "application/x-protobuf", null);
            long t1 = THREADS.getCurrentThreadCpuTime();
            OtelMapping mapping = mapper.map(PROJECT, request);
            long t2 = THREADS.getCurrentThreadCpuTime();
            EventBatch merged = merger.merge(mapping.traces(), mapping.observations());
            long t3 = THREADS.getCurrentThreadCpuTime();
            decodeCpu += t1 - t0;
            mapCpu += t2 - t1;
            mergeCpu += t3 - t2;
            if (!mapping.rejections().isEmpty()) {
                throw new IllegalStateException("the generator made spans the server rejects: " + mapping.rejectionSummary());
            }
            pending.add(merged);
            pendingSpans += merged.observations().size();
            spans += merged.observations().size();
            if (pendingSpans >= spansPerInsert) {
                inserts.add(EventBatch.concat(pending));
                pending.clear();
                pendingSpans = 0;
            }
        }
        if (!pending.isEmpty()) {
            inserts.add(EventBatch.concat(pending));
        }
        return new Mapped(inserts, spans, decodeCpu, mapCpu, mergeCpu);
    }

    private final ChdbEngine engine;
    private final List<EventBatch> measured;
    private final Cpu cpu;
    private final List<Method> methods;
    private int round;

    private RawEngineRun(ChdbEngine engine, List<EventBatch> measured, Cpu cpu, boolean prefilled) {
        this.engine = engine;
        this.measured = measured;
        this.cpu = cpu;
        this.methods = Arrays.stream(Method.values()).filter(method -> prefilled || !method.prefilled).toList();
    }

    /**
     * Boots an engine on {@code dataDir} (the server's default memory cap), warms the methods up with
     * {@code warmup} and, unless {@code serverWarmup} is empty, keeps its rows for the same-state method. The engine stays open, idle between measurements, until {@link #close()}.
     */
    static RawEngineRun start(Path dataDir, List<EventBatch> warmup, List<EventBatch> serverWarmup, List<EventBatch> measured,
            Cpu cpu, long engineMemoryBytes) {
        LibchdbLocator.Library library = LibchdbLocator.pinned().locate(null, System.getenv());
        ChdbEngine engine = ChdbEngine.start(library, dataDir, List.of("max_server_memory_usage=" + engineMemoryBytes));
        RawEngineRun run = new RawEngineRun(engine, measured, cpu, !serverWarmup.isEmpty());
        try {
            for (Method method : Method.values()) {
                if (method.prefilled) {
                    continue; // the same code path as ROW_BINARY, warmed up there
                }
                try (EmbeddedClickHouse clickHouse = new EmbeddedClickHouse(engine, method.database + "_warmup", 2, Duration.ofMinutes(5))) {
                    new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
                    insertAll(method, clickHouse, warmup);
                    awaitNoMerges(clickHouse);
                }
            }
            if (!serverWarmup.isEmpty()) {
                try (EmbeddedClickHouse clickHouse = new EmbeddedClickHouse(engine, PREFILL_DATABASE, 2, Duration.ofMinutes(5))) {
                    new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
                    insertAll(Method.ROW_BINARY, clickHouse, serverWarmup);
                    awaitNoMerges(clickHouse);
                }
            }
            return run;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /**
     * Inserts the measured rows with each method into fresh databases (a prefilled method's first
     * get the server's warm-up rows), checks JSONEachRow and RowBinary stored the same rows, and
     * drops them again.
     */
    List<Result> measure() {
        round++;
        List<Result> results = new ArrayList<>();
        for (Method method : methods) {
            try (CountingClickHouse clickHouse = new CountingClickHouse(
                    new EmbeddedClickHouse(engine, database(method), 2, Duration.ofMinutes(5)))) {
                new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
                if (method.prefilled) {
                    copyPrefill(clickHouse);
                    awaitNoMerges(clickHouse);
                }
                clickHouse.reset();
                Cpu.Mark before = cpu.mark();
                long threadCpu = THREADS.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                long encodeNanos = insertAll(method, clickHouse, measured);
                long wall = System.nanoTime() - start;
                long encodeCpu = THREADS.getCurrentThreadCpuTime() - threadCpu - clickHouse.insertThreadCpuNanos.get();
                Cpu.Usage usage = cpu.since(before);
                long spans = measured.stream().mapToLong(b -> b.observations().size()).sum();
                long traces = measured.stream().mapToLong(b -> b.traces().size()).sum();
                long engineNanos = clickHouse.insertNanos.get();
                awaitNoMerges(clickHouse);
                long settledCpu = cpu.since(before).self();
                results.add(new Result(method, spans, traces, clickHouse.inserts.get(), clickHouse.bytes.get(), wall,
                        engineNanos, method == Method.JSON_EACH_ROW ? encodeNanos : wall - engineNanos, encodeCpu, usage,
                        settledCpu));
            }
        }
        try (EmbeddedClickHouse clickHouse = new EmbeddedClickHouse(engine, "default", 1, Duration.ofMinutes(1))) {
            requireSameRows(clickHouse, "observations", OBSERVATION_HASH);
            requireSameRows(clickHouse, "traces", TRACE_HASH);
            for (Method method : methods) {
                clickHouse.execute(Sql.plain("DROP DATABASE " + database(method) + " SYNC"));
            }
        }
        return results;
    }

    private String database(Method method) {
        return method.database + "_" + round;
    }

    /** Shuts the engine down; every connection of this class is closed by then. */
    @Override
    public void close() {
        engine.close();
    }

    // Returns the time spent encoding JSONEachRow (RowBinary encoding happens inside the store).
    private static long insertAll(Method method, ClickHouse clickHouse, List<EventBatch> batches) {
        long encodeNanos = 0;
        ClickHouseEventStore store = new ClickHouseEventStore(clickHouse);
        for (EventBatch batch : batches) {
            switch (method) {
                case ROW_BINARY, ROW_BINARY_SAME_STATE -> store.insert(batch);
                case JSON_EACH_ROW -> {
                    long start = System.nanoTime();
                    JsonEachRowRows.Encoded traces = JsonEachRowRows.encode(batch.traces(), JsonEachRowRows.TRACE);
                    JsonEachRowRows.Encoded observations =
                            JsonEachRowRows.encode(batch.observations(), JsonEachRowRows.OBSERVATION);
                    encodeNanos += System.nanoTime() - start;
                    if (!traces.chunks().isEmpty()) {
                        clickHouse.insert(JsonEachRowRows.insertStatement("traces", traces), JsonEachRowRows.FORMAT,
                                traces.chunks());
                    }
                    if (!observations.chunks().isEmpty()) {
                        clickHouse.insert(JsonEachRowRows.insertStatement("observations", observations),
                                JsonEachRowRows.FORMAT, observations.chunks());
                    }
                }
            }
        }
        return encodeNanos;
    }

    /**
     * Waits until no merge has run for two seconds (at most a minute): merges come in waves, and a
     * single look between two of them would end the wait early. Background merges of the warm-up (or
     * of the previous method) would otherwise compete with the timed inserts, and the settled
     * figure would miss the last of its own. Returns the time from the call to the last merge seen.
     */
    static long awaitNoMerges(ClickHouse clickHouse) {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(60).toNanos();
        long quietSince = start;
        long lastBusy = start;
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos()) {
            if (clickHouse.query(Sql.plain("SELECT count() AS n FROM system.merges")).scalar().asLong() > 0) {
                quietSince = System.nanoTime();
                lastBusy = quietSince;
            }
            sleep(50);
        }
        return lastBusy - start;
    }

    // Hard links of the prefill's settled parts (ATTACH PARTITION … FROM), so each measurement starts from the same state.
    private static void copyPrefill(ClickHouse clickHouse) {
        QueryResult partitions = clickHouse.query(Sql.plain("SELECT DISTINCT table, partition_id FROM system.parts"
                + " WHERE database = '" + PREFILL_DATABASE + "' AND active AND table != 'glasshouse_schema_history'"));
        for (var row : partitions.rows()) {
            String table = row.get("table").asText();
            clickHouse.execute(Sql.plain("ALTER TABLE " + clickHouse.database() + "." + table + " ATTACH PARTITION ID '"
                    + row.get("partition_id").asText() + "' FROM " + PREFILL_DATABASE + "." + table));
        }
    }

    // RowBinary carries no types: prove the server's encoder stored exactly what the engine parsed from JSONEachRow.
    private void requireSameRows(ClickHouse clickHouse, String table, String hash) {
        String json = fingerprint(clickHouse, database(Method.JSON_EACH_ROW) + "." + table, hash);
        String binary = fingerprint(clickHouse, database(Method.ROW_BINARY) + "." + table, hash);
        if (!json.equals(binary)) {
            throw new IllegalStateException("RowBinary stored other " + table + " than JSONEachRow: " + binary + " vs " + json);
        }
    }

    private static String fingerprint(ClickHouse clickHouse, String table, String hash) {
        QueryResult result = clickHouse.query(Sql.plain("SELECT count() AS n, toString(sum(" + hash + ")) AS h FROM " + table));
        return result.rows().getFirst().get("n").asText() + " rows, hash " + result.rows().getFirst().get("h").asText();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Counts what reaches the engine and how long the engine takes with it. */
    private static final class CountingClickHouse implements ClickHouse {
        private final ClickHouse delegate;
        final AtomicLong insertNanos = new AtomicLong();
        final AtomicLong insertThreadCpuNanos = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong inserts = new AtomicLong();

        CountingClickHouse(ClickHouse delegate) {
            this.delegate = delegate;
        }

        void reset() {
            insertNanos.set(0);
            insertThreadCpuNanos.set(0);
            bytes.set(0);
            inserts.set(0);
        }

        @Override
        public QueryResult query(Sql sql) {
            return delegate.query(sql);
        }

        @Override
        public void execute(Sql sql) {
            delegate.execute(sql);
        }

        @Override
        public void insert(String insertSql, String format, List<byte[]> chunks) {
            long start = System.nanoTime();
            long threadCpu = THREADS.getCurrentThreadCpuTime();
            delegate.insert(insertSql, format, chunks);
            counted(start, threadCpu);
            chunks.forEach(chunk -> bytes.addAndGet(chunk.length));
        }

        // As the server's engine: the rows wait in native memory and go to the engine as they are.
        @Override
        public boolean readsNativeSegmentsInPlace() {
            return delegate.readsNativeSegmentsInPlace();
        }

        @Override
        public void insertSegments(String insertSql, String format, List<MemorySegment> chunks) {
            long start = System.nanoTime();
            long threadCpu = THREADS.getCurrentThreadCpuTime();
            delegate.insertSegments(insertSql, format, chunks);
            counted(start, threadCpu);
            chunks.forEach(chunk -> bytes.addAndGet(chunk.byteSize()));
        }

        private void counted(long start, long threadCpu) {
            insertThreadCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - threadCpu);
            insertNanos.addAndGet(System.nanoTime() - start);
            inserts.incrementAndGet();
        }

        @Override
        public String database() {
            return delegate.database();
        }

        @Override
        public String describe() {
            return delegate.describe();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
