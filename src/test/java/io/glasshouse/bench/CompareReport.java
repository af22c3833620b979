package io.glasshouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.bench.CompareBenchmark.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** bench/compare's results: the markdown tables, the PNG charts, and the generated part of docs/benchmarks.md. */
final class CompareReport {
    static final String BEGIN = "<!-- bench/compare writes from here to the end marker; edit outside it -->";
    static final String END = "<!-- end of bench/compare output -->";
    static final List<String> CHARTS = List.of("throughput", "freshness", "query", "storage", "memory");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final double MIB = 1 << 20;

    private final CompareOptions options;
    private final Machine machine;
    private final String loadAfter;
    private final Instant finished;
    private final JsonNode raw;
    private final List<Phase> phases;

    CompareReport(CompareOptions options, Machine machine, String loadAfter, Instant finished, JsonNode raw, List<Phase> phases) {
        this.options = options;
        this.machine = machine;
        this.loadAfter = loadAfter;
        this.finished = finished;
        this.raw = raw;
        this.phases = List.copyOf(phases);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("### Run of ").append(WHEN.format(finished)).append("\n\n");
        md.append("- Command: `").append(options.command().strip()).append("`\n");
        md.append("- Machine: ").append(machine.summary()).append("; load average ").append(machine.loadAverage())
                .append(" at start, ").append(loadAfter).append(" at the end\n");
        if (!phases.isEmpty()) {
            JsonNode load = phases.getFirst().load();
            long spans = load.path("spans").asLong();
            md.append(String.format(Locale.ROOT, "- Workload: seed %d, %,d spans in %,d traces per system and protocol, "
                            + "%.2f KB per span as OTLP protobuf, %.2f KB as OTLP/JSON; %d spans per request, %d concurrent senders; "
                            + "%d runs of each query after the load%n",
                    options.seed(), spans, load.path("traces").asLong(), load.path("bytes").asLong() / 1e3 / spans,
                    load.path("rawJsonBytes").asLong() / 1e3 / spans, options.spansPerRequest(), options.senders(), options.queries()));
        }
        for (Phase phase : phases) {
            if (phase.protocol().equals("otlp-http")) {
                md.append("- ").append(phase.system()).append(": `").append(phase.command()).append("` (a fresh one per protocol)\n");
            }
        }
        md.append("\n| system | protocol | spans/s | MB/s | spans readable/s | ack p50 / p99 | ack → readable p50 / p99 | trace list p50 / p95 "
                + "| disk per span | raw JSON ÷ disk | start-up | idle CPU | idle RSS | CPU under load | CPU per span | peak RSS |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        if (raw != null) {
            for (JsonNode method : raw.path("methods")) {
                md.append(String.format(Locale.ROOT, "| %s | (no network) | %,.0f | %.1f | – | – | – | – | same rows as Glasshouse | – | – | – | – | %.2f cores | – | – |%n",
                        method.path("method").asText(), method.path("spansPerSecond").asDouble(),
                        method.path("megabytesPerSecond").asDouble(), method.path("cpuCores").asDouble()));
            }
        }
        for (Phase phase : phases) {
            JsonNode load = phase.load();
            md.append(String.format(Locale.ROOT, "| **%s** | %s | **%,.0f** | %.1f | %s | %s / %s ms | %s / %s ms | %s "
                            + "| %,.0f B | %.1f× | %,d ms | %.2f%% | %.0f MiB | %.2f cores | %,d µs | %.0f MiB |%n",
                    phase.system(), label(phase.protocol()), load.path("spansPerSecond").asDouble(),
                    load.path("megabytesPerSecond").asDouble(), rate(load.path("readableSpansPerSecond").asDouble(-1)), ms(load, "ackP50Millis"), ms(load, "ackP99Millis"),
                    ms(load, "freshnessP50Millis"), ms(load, "freshnessP99Millis"), list(load), phase.diskBytesPerSpan(), phase.compression(), phase.startupMillis(),
                    phase.idleCpuPercent(), phase.idleRssBytes() / MIB, phase.loadCpuCores(), phase.cpuPerSpanNanos() / 1_000, phase.peakRssBytes() / MIB));
        }
        md.append("""

                Spans/s and MB/s: acknowledged spans and request bytes (OTLP protobuf or batch JSON; raw rows: the same spans' \
                OTLP protobuf size) from the first send to the last acknowledgement. Spans readable/s: the same spans over \
                the time from the first send until the last request read back in full (what a system that acknowledges \
                on receipt and writes later really sustains). Ack → readable: for up to 40 requests \
                spread over the run (at most 4 probed at a time, after an unmeasured warm-up round with another seed that every system gets), from the acknowledgement until the request's last trace reads back with all its spans \
                (Glasshouse `GET /api/public/traces/{id}`, Phoenix `GET /v1/projects/default/spans?trace_id=`), polled every \
                50 ms during the load. Trace list: Glasshouse `GET /api/public/traces?page=1&limit=50`, Phoenix \
                `GET /v1/projects/default/traces?limit=50`, one after another after the load. Disk: growth of the data dir \
                (Glasshouse) or working dir (Phoenix's SQLite) from after start-up to after the load, once the server's CPU \
                was quiet, over all spans stored (warm-up included). Raw JSON: the same spans as compact OTLP/JSON. CPU and RSS: \
                the server's process tree; idle is measured after start-up before any traffic; CPU under load is over the \
                measured sending window, CPU per span from the first measured send until the server was quiet again (so \
                work done after the acknowledgement counts; the queries after it do not).
                """);
        md.append(queries());
        md.append(ratios());
        md.append("\n");
        for (String chart : CHARTS) {
            md.append("![").append(chart).append("](img/bench-compare-").append(chart).append(".png)\n");
        }
        return md.toString();
    }

    /** The query-API issue's queries after the load, per system: p50 / p95; "–" where a system has no such endpoint. */
    private String queries() {
        StringBuilder md = new StringBuilder("\nQueries after the load, ").append(options.queries())
                .append(" of each one after another on traces drawn from the workload (p50 / p95):\n\n| system | protocol |");
        for (CompareQuery query : CompareQuery.values()) {
            md.append(' ').append(query.label).append(" |");
        }
        md.append("\n|---|---|").append("--:|".repeat(CompareQuery.values().length)).append('\n');
        for (Phase phase : phases) {
            md.append("| ").append(phase.system()).append(" | ").append(label(phase.protocol())).append(" |");
            for (CompareQuery query : CompareQuery.values()) {
                JsonNode result = phase.load().path("queries").path(query.name());
                md.append(' ').append(result.isMissingNode() ? "no equivalent"
                        : result.path("status").asInt() != 200 ? "HTTP " + result.path("status").asInt()
                        : ms(result, "p50Millis") + " / " + ms(result, "p95Millis") + " ms").append(" |");
            }
            md.append('\n');
        }
        md.append("""

                Glasshouse: `GET /api/public/traces?page=1&limit=50`, `GET /api/public/traces/{id}`, \
                `GET /api/public/traces?sessionId=`, `GET /api/public/v2/metrics` (observations, sum of totalCost by \
                providedModelName by day over 30 days), `GET /api/public/traces?search=` (an order number that occurs \
                in one session). Phoenix (REST API): `GET /v1/projects/default/traces?limit=50` and \
                `GET /v1/projects/default/spans?trace_id=`; it has no REST endpoint for a session's traces, \
                aggregates or text search (its UI uses GraphQL with Python filter expressions for those).
                """);
        return md.toString();
    }

    private String ratios() {
        StringBuilder md = new StringBuilder("\nRatios, Glasshouse ÷ the other, same protocol (throughput: higher is better; "
                + "the rest: lower is better):\n\n");
        md.append("| Glasshouse ÷ | protocol | spans/s | spans readable/s | ack → readable p50 | trace list p50 | trace detail p50 | disk per span | start-up | idle RSS | peak RSS | CPU per span |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Phase phoenix : phases) {
            if (!phoenix.system().equals("Phoenix")) {
                continue;
            }
            for (Phase ours : phases) {
                if (!ours.system().equals("Glasshouse") || !ours.protocol().equals(phoenix.protocol())) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| Phoenix | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        label(ours.protocol()), ratio(ours.load().path("spansPerSecond").asDouble(), phoenix.load().path("spansPerSecond").asDouble()),
                        ratio(ours.load().path("readableSpansPerSecond").asDouble(), phoenix.load().path("readableSpansPerSecond").asDouble()),
                        ratio(ours.load().path("freshnessP50Millis").asDouble(), phoenix.load().path("freshnessP50Millis").asDouble()),
                        ours.load().path("listStatus").asInt() != 200 ? "–"
                                : ratio(ours.load().path("listP50Millis").asDouble(), phoenix.load().path("listP50Millis").asDouble()),
                        ratio(queryP50(ours, CompareQuery.TRACE_DETAIL), queryP50(phoenix, CompareQuery.TRACE_DETAIL)),
                        ratio(ours.diskBytesPerSpan(), phoenix.diskBytesPerSpan()),
                        ratio(ours.startupMillis(), phoenix.startupMillis()),
                        ratio(ours.idleRssBytes(), phoenix.idleRssBytes()), ratio(ours.peakRssBytes(), phoenix.peakRssBytes()),
                        ratio(ours.cpuPerSpanNanos(), phoenix.cpuPerSpanNanos())));
            }
        }
        if (raw != null) {
            for (JsonNode method : raw.path("methods")) {
                for (Phase ours : phases) {
                    if (ours.system().equals("Glasshouse")) {
                        md.append(String.format(Locale.ROOT, "| %s | %s | %s | – | – | – | – | – | – | – | – | – |%n",
                                method.path("method").asText(), label(ours.protocol()),
                                percent(ours.load().path("spansPerSecond").asDouble(), method.path("spansPerSecond").asDouble())));
                    }
                }
            }
        }
        return md.toString();
    }

    private static double queryP50(Phase phase, CompareQuery query) {
        JsonNode result = phase.load().path("queries").path(query.name());
        return result.path("status").asInt() == 200 ? result.path("p50Millis").asDouble(-1) : -1;
    }

    void writeCharts(Path dir) throws IOException {
        List<String> labels = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> readable = new ArrayList<>();
        if (raw != null) {
            for (JsonNode method : raw.path("methods")) {
                labels.add(method.path("method").asText().replace("raw engine, ", "raw: ").replace(" via ClickHouseEventStore.insert", ""));
                rates.add(method.path("spansPerSecond").asDouble());
                readable.add(method.path("spansPerSecond").asDouble()); // the raw insert returns once the rows are readable
            }
        }
        List<String> phaseLabels = phases.stream().map(p -> p.system() + ", " + label(p.protocol())).toList();
        labels.addAll(phaseLabels);
        phases.forEach(p -> rates.add(p.load().path("spansPerSecond").asDouble()));
        phases.forEach(p -> readable.add(p.load().path("readableSpansPerSecond").asDouble(-1)));
        PngChart.bars(dir.resolve("bench-compare-throughput.png"), "Ingestion throughput, acknowledged", "spans/s, higher is better", labels,
                List.of(new PngChart.Series("acknowledged spans/s", rates.stream().mapToDouble(Double::doubleValue).toArray()),
                        new PngChart.Series("readable spans/s (until the last request reads back)",
                                readable.stream().mapToDouble(Double::doubleValue).toArray())));
        PngChart.bars(dir.resolve("bench-compare-freshness.png"), "Acknowledgement to readable", "ms, lower is better", phaseLabels,
                List.of(series("p50", "freshnessP50Millis"), series("p99", "freshnessP99Millis")));
        List<PngChart.Series> queryP50s = new ArrayList<>();
        for (CompareQuery query : CompareQuery.values()) {
            queryP50s.add(new PngChart.Series(query.shortLabel, phases.stream().mapToDouble(p -> queryP50(p, query)).toArray()));
        }
        PngChart.bars(dir.resolve("bench-compare-query.png"), "Queries after the load, p50 (missing: no equivalent)",
                "ms, lower is better", phaseLabels, queryP50s);
        List<String> storageLabels = new ArrayList<>(phaseLabels);
        List<Double> perSpan = new ArrayList<>(phases.stream().map(Phase::diskBytesPerSpan).toList());
        if (!phases.isEmpty()) {
            JsonNode load = phases.getFirst().load();
            storageLabels.add("the spans as OTLP/JSON");
            perSpan.add(load.path("rawJsonBytes").asDouble() / load.path("spans").asDouble());
        }
        PngChart.bars(dir.resolve("bench-compare-storage.png"), "Bytes on disk per span", "bytes, lower is better", storageLabels,
                List.of(new PngChart.Series("bytes per span", perSpan.stream().mapToDouble(Double::doubleValue).toArray())));
        PngChart.bars(dir.resolve("bench-compare-memory.png"), "Resident memory", "MiB, lower is better", phaseLabels, List.of(
                new PngChart.Series("idle", phases.stream().mapToDouble(p -> p.idleRssBytes() / MIB).toArray()),
                new PngChart.Series("peak under load", phases.stream().mapToDouble(p -> p.peakRssBytes() / MIB).toArray())));
    }

    private PngChart.Series series(String name, String field) {
        return new PngChart.Series(name, phases.stream().mapToDouble(p -> p.load().path(field).asDouble(-1)).toArray());
    }

    void writeInto(Path docs) throws IOException {
        String text = Files.readString(docs);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(docs + " lacks the bench/compare markers");
        }
        Files.writeString(docs, text.substring(0, begin + BEGIN.length()) + "\n\n" + markdown() + "\n" + text.substring(end));
    }

    private static String label(String protocol) {
        return switch (protocol) {
            case "otlp-http" -> "OTLP/HTTP protobuf";
            case "otlp-grpc" -> "OTLP/gRPC";
            default -> "Langfuse batch JSON";
        };
    }

    private static String ms(JsonNode load, String field) {
        double value = load.path(field).asDouble(-1);
        return value < 0 ? "–" : value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String rate(double perSecond) {
        return perSecond < 0 ? "–" : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String list(JsonNode load) {
        int status = load.path("listStatus").asInt();
        return status == 200 ? ms(load, "listP50Millis") + " / " + ms(load, "listP95Millis") + " ms" : "HTTP " + status;
    }

    private static String ratio(double ours, double theirs) {
        if (ours <= 0 || theirs <= 0) {
            return "–";
        }
        double ratio = ours / theirs;
        return String.format(Locale.ROOT, ratio < 0.1 ? "%.3f×" : "%.2f×", ratio);
    }

    private static String percent(double ours, double reference) {
        return reference <= 0 ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * ours / reference);
    }
}
