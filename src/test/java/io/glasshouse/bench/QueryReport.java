package io.glasshouse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** bench/query's results as markdown, and their place in docs/benchmarks.md (section "Queries"). */
final class QueryReport {
    static final String BEGIN = "<!-- bench/query writes from here to the end marker; edit outside it -->";
    static final String END = "<!-- end of bench/query output -->";
    private static final String SECTION = "## Queries";

    private final QueryBenchOptions options;
    private final Machine machine;
    private final String loadAtStart;
    private final QueryDataStore.Prepared prepared;
    private final List<QueryBenchmark.TableSize> sizes;
    private final List<QueryBenchmark.PartitionParts> parts;
    private final QueryWorkload workload;
    private final Map<QueryKind, Latencies> raw;
    private final Map<QueryKind, Latencies> server;
    private final String serverCommand;
    private final List<String> problems;

    QueryReport(QueryBenchOptions options, Machine machine, String loadAtStart, QueryDataStore.Prepared prepared,
            List<QueryBenchmark.TableSize> sizes, List<QueryBenchmark.PartitionParts> parts, QueryWorkload workload, Map<QueryKind, Latencies> raw,
            Map<QueryKind, Latencies> server, String serverCommand, List<String> problems) {
        this.options = options;
        this.machine = machine;
        this.loadAtStart = loadAtStart;
        this.prepared = prepared;
        this.sizes = sizes;
        this.parts = parts;
        this.workload = workload;
        this.raw = raw;
        this.server = server;
        this.serverCommand = serverCommand;
        this.problems = problems;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        QueryDataset d = prepared.dataset();
        md.append("### Run of ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(options.quick() ? " (--quick: proves the harness, numbers mean little)" : "").append("\n\n");
        md.append("- Command: `").append(options.command().strip()).append("`\n");
        md.append("- Machine: ").append(machine.summary()).append("; load average ").append(loadAtStart)
                .append(" at start, ").append(Machine.loadAverageNow()).append(" at the end\n");
        md.append(String.format(Locale.ROOT, "- Data: %,d traces, %,d sessions, %,d users over %d days (%s to %s), generated in "
                        + "the engine in %.0f s%s; stored:", d.traces(), d.sessions(), d.users(), QueryDataset.DAYS,
                QueryDataset.START, QueryDataset.END, prepared.generationSeconds(),
                prepared.cached() ? " (by an earlier run; reused from " + options.dataRoot() + ")" : ""));
        for (QueryBenchmark.TableSize size : sizes) {
            md.append(String.format(Locale.ROOT, " %s %,d rows in %d parts, %.0f MB compressed (%.1f GB raw);", size.table(),
                    size.rows(), size.parts(), size.compressedBytes() / 1e6, size.uncompressedBytes() / 1e9));
        }
        md.setLength(md.length() - 1);
        md.append("\n");
        md.append(String.format(Locale.ROOT, "- Layout: older days merged (OPTIMIZE … FINAL), the newest %d hours written hour by hour"
                + " with re-versions, late cost/model changes and deletions on top (QueryDataset.generate); active parts per"
                + " partition:", QueryDataset.TAIL_HOURS));
        for (QueryBenchmark.PartitionParts p : parts) {
            md.append(String.format(Locale.ROOT, " %s %s: %d parts, %,d rows (%,d–%,d per part);", p.table(), p.partition(),
                    p.parts(), p.rows(), p.smallestRows(), p.largestRows()));
        }
        md.setLength(md.length() - 1);
        md.append("\n");
        md.append("- Search needles (traces holding each):");
        for (QueryDataset.Needle needle : QueryDataset.NEEDLES) {
            md.append(String.format(Locale.ROOT, " \"%s\" %,d;", needle.word(), workload.expectedMatches(needle)));
        }
        md.setLength(md.length() - 1);
        md.append("\n");
        md.append(String.format(Locale.ROOT, "- Requests: %d measured per kind after %d unmeasured, one at a time, parameters "
                + "drawn with seed %d; engine memory cap %s%n", options.iterations(), options.warmup(), options.seed(),
                options.engineMemory()));
        if (serverCommand != null) {
            md.append("- Server: `").append(serverCommand).append("`\n");
        }
        md.append("\n| query | target p95 | server p50 / p95 / p99 | raw SQL p50 / p95 / p99 | server ÷ raw (p50, p95) | target met |\n");
        md.append("|---|--:|--:|--:|--:|:-:|\n");
        for (QueryKind kind : options.kinds()) {
            Latencies s = server.get(kind);
            Latencies r = raw.get(kind);
            md.append("| ").append(kind.label).append(" | ").append(kind.rawOnly() ? "–" : kind.targetMillis + " ms").append(" | ")
                    .append(kind.rawOnly() ? "–" : cell(s)).append(" | ").append(cell(r)).append(" | ");
            if (s != null && r != null && s.measured() && r.measured()) {
                md.append(String.format(Locale.ROOT, "%.1f×, %.1f×", s.percentileMillis(0.5) / r.percentileMillis(0.5),
                        s.percentileMillis(0.95) / r.percentileMillis(0.95)));
            } else {
                md.append("–");
            }
            md.append(" | ");
            if (kind.rawOnly()) {
                md.append("–");
            } else if (s != null && s.measured()) {
                md.append(s.percentileMillis(0.95) <= kind.targetMillis ? "yes" : "**no**");
            } else if (r != null && r.measured()) {
                md.append(r.percentileMillis(0.95) <= kind.targetMillis ? "(raw only) yes" : "(raw only) **no**");
            } else {
                md.append("–");
            }
            md.append(" |\n");
        }
        md.append("\nLatency: from sending the request to having parsed the whole response (server), or from the first "
                + "statement to the last result (raw SQL; a kind may take several statements, as the server may). Raw SQL is "
                + "the hand-written equivalent in bench's RawQueries, run on an embedded engine in the benchmark's process on "
                + "the same data dir before the server starts.\n");
        List<String> missing = server.entrySet().stream().filter(e -> !e.getValue().measured())
                .map(e -> e.getKey().label + ": " + e.getValue().unavailable()).toList();
        if (!missing.isEmpty() || !problems.isEmpty()) {
            md.append("\nProblems:\n");
            missing.forEach(m -> md.append("- server, not measured: ").append(m.replace("\n", " ")).append('\n'));
            problems.forEach(p -> md.append("- ").append(p.replace("\n", " ")).append('\n'));
        }
        return md.toString();
    }

    private static String cell(Latencies latencies) {
        if (latencies == null) {
            return "(skipped)";
        }
        if (!latencies.measured()) {
            return "not available";
        }
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms", latencies.percentileMillis(0.5),
                latencies.percentileMillis(0.95), latencies.percentileMillis(0.99));
    }

    /** Replaces the generated part of the Queries section, creating the section when missing. */
    void writeInto(Path docs) throws IOException {
        String generated = BEGIN + "\n\n" + markdown() + "\n" + END;
        String text = Files.exists(docs) ? Files.readString(docs, StandardCharsets.UTF_8) : "# Benchmarks\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin >= 0 && end > begin) {
            text = text.substring(0, begin) + generated + text.substring(end + END.length());
        } else if (text.contains(SECTION + "\n")) {
            int at = text.indexOf(SECTION + "\n") + SECTION.length() + 1;
            text = text.substring(0, at) + "\n" + generated + "\n" + text.substring(at);
        } else {
            text = text.stripTrailing() + "\n\n" + SECTION + "\n\n" + generated + "\n";
        }
        Files.writeString(docs, text, StandardCharsets.UTF_8);
    }
}
