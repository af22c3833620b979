package io.glasshouse.ingest.langfuse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.EventWriter;
import io.glasshouse.ingest.ObservationPatch;
import io.glasshouse.ingest.RowMerger;
import io.glasshouse.ingest.ScoreConfigCheck;
import io.glasshouse.ingest.TracePatch;
import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.ScoreSource;
import java.io.IOException;
import java.time.Clock;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Langfuse's batch ingestion ({@code POST /api/public/ingestion}) without the HTTP: validates the
 * envelope and each event, turns events into patches and score rows, merges them into whole rows,
 * stores them through the {@link EventWriter} (so the answer is sent only once they are in
 * ClickHouse) and reports each event's outcome in Langfuse's 207 shape.
 *
 * <p>Outcomes: a malformed envelope (not UTF-8, not JSON, no {@code batch} array, too many events, nested too
 * deeply) throws {@link GlasshouseException} INVALID_REQUEST, to be answered with HTTP 400. An
 * invalid event is reported in {@link BatchResult#errors()} while the valid events of the batch are
 * stored. A failed write (storage down, queue full) throws the writer's GlasshouseException
 * (STORAGE_UNAVAILABLE → 503, TOO_MANY_REQUESTS → 429) and nothing is acknowledged.
 *
 * <p>Retries: envelope ids of stored events are remembered (bounded, per project); a repeated id is
 * answered 201 without being written again. Were it written again, nothing would break either:
 * merging the same patch twice gives the same row, and ReplacingMergeTree keeps one version.
 */
public final class LangfuseBatchIngestion {
    private static final Logger LOG = LoggerFactory.getLogger(LangfuseBatchIngestion.class);
    private static final int CREATED = 201;

    /**
     * @param maxEventsPerBatch events accepted in one request
     * @param maxFieldBytes UTF-8 bytes kept of each text field (input, output, metadata values, ...)
     *     before it is truncated with a marker
     * @param maxNestingDepth JSON nesting accepted in a request body
     * @param rememberedEnvelopeIds envelope ids remembered for de-duplicating retries; 0 disables it
     */
    public record Settings(int maxEventsPerBatch, int maxFieldBytes, int maxNestingDepth, int rememberedEnvelopeIds) {
        public static final int DEFAULT_MAX_EVENTS_PER_BATCH = 5_000;
        public static final int DEFAULT_MAX_FIELD_BYTES = 1024 * 1024;
        public static final int DEFAULT_MAX_NESTING_DEPTH = 200;
        public static final int DEFAULT_REMEMBERED_ENVELOPE_IDS = 100_000;

        public Settings {
            if (maxEventsPerBatch < 1 || maxFieldBytes < 1 || maxNestingDepth < 2 || rememberedEnvelopeIds < 0) {
                throw new IllegalArgumentException("need maxEventsPerBatch >= 1, maxFieldBytes >= 1, "
                        + "maxNestingDepth >= 2, rememberedEnvelopeIds >= 0");
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_MAX_EVENTS_PER_BATCH, DEFAULT_MAX_FIELD_BYTES, DEFAULT_MAX_NESTING_DEPTH,
                    DEFAULT_REMEMBERED_ENVELOPE_IDS);
        }
    }

    private final RowMerger merger;
    private final EventWriter writer;
    private final ScoreConfigCheck scoreConfigs;
    private final Settings settings;
    private final ObjectMapper json;
    private final EventParser parser;
    private final BatchBodyReader envelopes;
    private final RecentEnvelopeIds recentIds;
    private final Clock clock;

    public LangfuseBatchIngestion(RowMerger merger, EventWriter writer, ScoreConfigCheck scoreConfigs, Settings settings) {
        this(merger, writer, scoreConfigs, settings, Clock.systemUTC());
    }

    /** As above; {@code clock} times scores created through {@link #createScore}. */
    public LangfuseBatchIngestion(
            RowMerger merger, EventWriter writer, ScoreConfigCheck scoreConfigs, Settings settings, Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
        this.merger = requireNonNull(merger, "merger is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.scoreConfigs = requireNonNull(scoreConfigs, "scoreConfigs is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.json = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(settings.maxNestingDepth())
                                .build())
                        .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        this.parser = new EventParser(new FieldText(settings.maxFieldBytes()));
        this.envelopes = new BatchBodyReader(json);
        this.recentIds = new RecentEnvelopeIds(settings.rememberedEnvelopeIds());
    }

    /** Ingests a request body as received. */
    public BatchResult ingest(ProjectId project, byte[] body) {
        try (EventWriter.Arrival arrival = writer.arriving()) {
            return ingestParsed(project, parseEnvelope(body), false, arrival);
        }
    }

    /**
     * Ingests a body from a caller authenticated by public key only ({@code Bearer pk-lf-…}):
     * Langfuse lets such callers create scores and nothing else, so every other event gets a 403.
     */
    public BatchResult ingestScoresOnly(ProjectId project, byte[] body) {
        try (EventWriter.Arrival arrival = writer.arriving()) {
            return ingestParsed(project, parseEnvelope(body), true, arrival);
        }
    }

    /**
     * Langfuse's {@code POST /api/public/scores}: one score-create body (no envelope), parsed,
     * checked against its config and stored exactly as a score-create event of a batch would be.
     * The score's time is now. Its id is the body's, or a new random one when the body has none or
     * an empty one (Langfuse: {@code body.id || randomUUID()}).
     *
     * @return the id of the stored score
     * @throws GlasshouseException INVALID_REQUEST (400) or NOT_FOUND (404, unknown config) for a
     *     score that cannot be stored, with a message naming the field; the writer's
     *     STORAGE_UNAVAILABLE / TOO_MANY_REQUESTS when storing fails
     */
    public String createScore(ProjectId project, byte[] body) {
        requireNonNull(project, "project is null");
        ScoreRow score = scoreFromBody(project, parse(body), "request body");
        writer.write(new EventBatch(List.of(), List.of(), versioned(List.of(score))));
        return score.id();
    }

    /** What a list of scores came to: Langfuse's 202 / 207 answer of {@code POST /api/public/scores}. */
    public record ScoreBatchResult(int accepted, int rejected, List<String> errors) {
        public ScoreBatchResult {
            errors = List.copyOf(errors);
        }
    }

    /**
     * Stores a JSON array of score bodies (what the Python SDK v5 sends to POST
     * /api/public/scores): the valid ones are stored together, each invalid one is reported.
     */
    public ScoreBatchResult createScores(ProjectId project, byte[] body) {
        requireNonNull(project, "project is null");
        JsonNode root = parse(body);
        if (!root.isArray()) {
            throw GlasshouseException.invalid("request body must be a score object or an array of them, got "
                    + BodyFields.typeOf(root));
        }
        if (root.size() > settings.maxEventsPerBatch()) {
            throw GlasshouseException.invalid("the array holds " + root.size() + " scores; at most "
                    + settings.maxEventsPerBatch() + " are accepted per request");
        }
        List<ScoreRow> scores = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                scores.add(scoreFromBody(project, root.get(i), "score [" + i + "]"));
            } catch (GlasshouseException e) {
                if (e.code().kind() != ErrorCode.Kind.USER) {
                    throw e;
                }
                errors.add("score [" + i + "]: " + e.getMessage());
            }
        }
        if (!scores.isEmpty()) {
            writer.write(new EventBatch(List.of(), List.of(), versioned(scores)));
        }
        return new ScoreBatchResult(scores.size(), errors.size(), errors);
    }

    private ScoreRow scoreFromBody(ProjectId project, JsonNode root, String what) {
        if (!(root instanceof ObjectNode scoreBody)) {
            throw GlasshouseException.invalid(what + " must be a JSON object with the score's fields "
                    + "(name, value, traceId, ...), got " + BodyFields.typeOf(root));
        }
        JsonNode id = scoreBody.get("id");
        if (id == null || id.isNull() || (id.isTextual() && id.textValue().isEmpty())) {
            scoreBody.put("id", UUID.randomUUID().toString());
        }
        ParsedEvent.Score parsed = parser.score(project, UUID.randomUUID().toString(), clock.instant(), scoreBody);
        if (parsed.score().source() == ScoreSource.EVAL) {
            throw GlasshouseException.invalid("body.source must be API or ANNOTATION; EVAL scores come from evaluators");
        }
        return checkedScore(parsed);
    }

    // A batch envelope keeps its events' input and output as sent (BatchBodyReader); anything the
    // reader does not take, from an empty body to invalid JSON, is parsed whole for its answer.
    private JsonNode parseEnvelope(byte[] body) {
        requireNonNull(body, "body is null");
        requireUtf8(body);
        JsonNode envelope = envelopes.read(body);
        return envelope != null ? envelope : parseChecked(body);
    }

    private JsonNode parse(byte[] body) {
        requireNonNull(body, "body is null");
        requireUtf8(body);
        return parseChecked(body);
    }

    private JsonNode parseChecked(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (StreamConstraintsException e) {
            throw GlasshouseException.invalid("request body is nested too deeply or too large: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw GlasshouseException.invalid("request body is not valid JSON"
                    + (location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw GlasshouseException.invalid("request body could not be read: " + e.getMessage());
        }
        return root;
    }

    /**
     * JSON between systems is UTF-8 (RFC 8259), and Langfuse reads it so. Jackson does not check:
     * it decodes the overlong {@code C0 AF} as '/' and autodetects UTF-16, so ids could arrive
     * other than a UTF-8 reader sees them. Checked in slices, without decoding the body whole.
     */
    private static void requireUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw GlasshouseException.invalid("request body is not valid UTF-8 (at byte " + in.position()
                        + "); send JSON encoded as UTF-8");
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }

    /** Ingests a body parsed elsewhere; its nesting is checked against the same limit. */
    public BatchResult ingest(ProjectId project, JsonNode body) {
        requireNonNull(body, "body is null");
        if (depthExceeds(body, settings.maxNestingDepth())) {
            throw GlasshouseException.invalid("request body is nested too deeply: at most "
                    + settings.maxNestingDepth() + " levels are accepted");
        }
        try (EventWriter.Arrival arrival = writer.arriving()) {
            return ingestParsed(project, body, false, arrival);
        }
    }

    // The arrival ends once the rows are queued, before the wait for their commit.
    private BatchResult ingestParsed(ProjectId project, JsonNode root, boolean scoresOnly, EventWriter.Arrival arrival) {
        requireNonNull(project, "project is null");
        JsonNode batch = batchOf(root);
        List<BatchResult.Success> successes = new ArrayList<>();
        List<BatchResult.Failure> errors = new ArrayList<>();
        List<TracePatch> traces = new ArrayList<>();
        List<ObservationPatch> observations = new ArrayList<>();
        List<ScoreRow> scores = new ArrayList<>();
        List<RecentEnvelopeIds.Fingerprint> accepted = new ArrayList<>();
        int sdkLogs = 0;
        for (JsonNode event : batch) {
            try {
                String id = EventParser.envelopeId(event);
                RecentEnvelopeIds.Fingerprint fingerprint = recentIds.fingerprint(project, id);
                if (recentIds.contains(fingerprint)) {
                    successes.add(new BatchResult.Success(id, CREATED));
                    continue;
                }
                ParsedEvent parsed = parser.parse(project, id, event);
                if (scoresOnly && !(parsed instanceof ParsedEvent.Score)) {
                    throw new GlasshouseException(ErrorCode.FORBIDDEN, "authentication with the public key alone may "
                            + "only create scores; use Basic auth with the secret key for " + EventParser.reportedType(event));
                }
                switch (parsed) {
                    case ParsedEvent.Trace trace -> traces.add(trace.patch());
                    case ParsedEvent.Observation observation -> observations.add(observation.patch());
                    case ParsedEvent.Score score -> scores.add(checkedScore(score));
                    case ParsedEvent.SdkLog log -> sdkLogs++;
                }
                if (fingerprint != null) {
                    accepted.add(fingerprint);
                }
                successes.add(new BatchResult.Success(id, CREATED));
            } catch (GlasshouseException e) {
                if (e.code().kind() != ErrorCode.Kind.USER) {
                    throw e;
                }
                errors.add(new BatchResult.Failure(EventParser.reportedId(event), e.code().httpStatus(), e.getMessage(),
                        e.code().name()));
            }
        }
        EventBatch merged = merger.merge(traces, observations);
        arrival.write(merged.withScores(versioned(scores)));
        recentIds.addAll(accepted);
        if (sdkLogs > 0) {
            LOG.info("project {} sent {} sdk-log events; they are acknowledged and not stored", project, sdkLogs);
        }
        return new BatchResult(successes, errors);
    }

    private JsonNode batchOf(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw GlasshouseException.invalid("request body must be a JSON object like {\"batch\": [events...]}, got "
                    + BodyFields.typeOf(root));
        }
        JsonNode batch = root.get("batch");
        if (batch == null || batch.isNull()) {
            throw GlasshouseException.invalid("\"batch\" is required: send {\"batch\": [events...]}");
        }
        if (!batch.isArray()) {
            throw GlasshouseException.invalid("\"batch\" must be an array of events, got " + BodyFields.typeOf(batch));
        }
        if (batch.size() > settings.maxEventsPerBatch()) {
            throw GlasshouseException.invalid("\"batch\" holds " + batch.size() + " events; at most "
                    + settings.maxEventsPerBatch() + " are accepted per request, send smaller batches");
        }
        return batch;
    }

    // A score's config, when it names one, decides whether and how it is stored.
    private ScoreRow checkedScore(ParsedEvent.Score parsed) {
        ScoreRow score = parsed.score();
        return score.configId() == null
                ? score
                : requireNonNull(scoreConfigs.check(score, parsed.sentDataType()), "score config check returned null");
    }

    // Scores are stored whole; later events about the same score win through their higher version.
    private List<ScoreRow> versioned(List<ScoreRow> scores) {
        List<ScoreRow> sorted = new ArrayList<>(scores);
        sorted.sort(Comparator.comparing(ScoreRow::timestamp));
        List<ScoreRow> versioned = new ArrayList<>(sorted.size());
        for (ScoreRow s : sorted) {
            versioned.add(s.versioned(merger.nextEventVersion(), false));
        }
        return versioned;
    }

    // Iterative, so a deep tree cannot overflow the stack while being measured.
    private static boolean depthExceeds(JsonNode root, int maxDepth) {
        Deque<Map.Entry<JsonNode, Integer>> pending = new ArrayDeque<>();
        pending.push(Map.entry(root, 1));
        while (!pending.isEmpty()) {
            var next = pending.pop();
            if (!next.getKey().isContainerNode()) {
                continue;
            }
            if (next.getValue() > maxDepth) {
                return true;
            }
            for (JsonNode child : next.getKey()) {
                pending.push(Map.entry(child, next.getValue() + 1));
            }
        }
        return false;
    }
}
