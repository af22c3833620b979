package io.glasshouse.ingest.otel;

import static io.glasshouse.ingest.otel.TestingOtlp.CHILD_SPAN_ID;
import static io.glasshouse.ingest.otel.TestingOtlp.END;
import static io.glasshouse.ingest.otel.TestingOtlp.NOW;
import static io.glasshouse.ingest.otel.TestingOtlp.PROJECT;
import static io.glasshouse.ingest.otel.TestingOtlp.ROOT_SPAN_ID;
import static io.glasshouse.ingest.otel.TestingOtlp.START;
import static io.glasshouse.ingest.otel.TestingOtlp.TRACE_ID;
import static io.glasshouse.ingest.otel.TestingOtlp.attr;
import static io.glasshouse.ingest.otel.TestingOtlp.event;
import static io.glasshouse.ingest.otel.TestingOtlp.hex;
import static io.glasshouse.ingest.otel.TestingOtlp.kvlist;
import static io.glasshouse.ingest.otel.TestingOtlp.mapper;
import static io.glasshouse.ingest.otel.TestingOtlp.nanos;
import static io.glasshouse.ingest.otel.TestingOtlp.observationOf;
import static io.glasshouse.ingest.otel.TestingOtlp.request;
import static io.glasshouse.ingest.otel.TestingOtlp.resource;
import static io.glasshouse.ingest.otel.TestingOtlp.span;
import static io.glasshouse.ingest.otel.TestingOtlp.strings;
import static io.glasshouse.ingest.otel.TestingOtlp.traceOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.protobuf.ByteString;
import io.glasshouse.ingest.ObservationPatch;
import io.glasshouse.ingest.TracePatch;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationType;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Type inference order, trace patches, rejections, levels, environments, times and value types. */
class TestOtelSpanMapperRules {
    private static final String OTHER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static ObservationType typeOf(KeyValue... attributes) {
        return observationOf("any", span(ROOT_SPAN_ID, null, "span", attributes)).type();
    }

    @Test
    void typeInferenceFollowsLangfusePriorities() {
        assertThat(typeOf(attr("langfuse.observation.type", "tool"), attr("openinference.span.kind", "LLM")))
                .isEqualTo(ObservationType.TOOL);
        assertThat(typeOf(attr("langfuse.observation.type", "widget"), attr("openinference.span.kind", "CHAIN")))
                .isEqualTo(ObservationType.CHAIN);
        assertThat(typeOf(attr("openinference.span.kind", "RETRIEVER"), attr("gen_ai.operation.name", "chat")))
                .isEqualTo(ObservationType.RETRIEVER);
        assertThat(typeOf(attr("openinference.span.kind", "RERANKER"), attr("gen_ai.operation.name", "chat")))
                .isEqualTo(ObservationType.GENERATION);
        assertThat(typeOf(attr("gen_ai.operation.name", "execute_tool"), attr("gen_ai.request.model", "gpt-4o")))
                .isEqualTo(ObservationType.TOOL);
        assertThat(typeOf(attr("gen_ai.operation.name", "text_completion"))).isEqualTo(ObservationType.GENERATION);
        assertThat(typeOf(attr("gen_ai.operation.name", "create_agent"))).isEqualTo(ObservationType.AGENT);
        assertThat(typeOf(attr("genkit:metadata:subtype", "embedder"))).isEqualTo(ObservationType.EMBEDDING);
        // Vercel doGenerate needs a model to be a generation.
        assertThat(typeOf(attr("ai.operationId", "ai.generateText.doGenerate"))).isEqualTo(ObservationType.SPAN);
        assertThat(typeOf(attr("ai.operationId", "ai.embed.doEmbed"), attr("ai.model.id", "text-embedding-3-small")))
                .isEqualTo(ObservationType.EMBEDDING);
        assertThat(typeOf(attr("gen_ai.tool.name", "search"), attr("gen_ai.request.model", "gpt-4o")))
                .isEqualTo(ObservationType.TOOL);
        assertThat(typeOf(attr("gen_ai.tool.call.id", "call_1"))).isEqualTo(ObservationType.TOOL);
        assertThat(typeOf(attr("traceloop.span.kind", "agent"))).isEqualTo(ObservationType.AGENT);
        assertThat(typeOf(attr("traceloop.span.kind", "task"), attr("gen_ai.request.model", "gpt-4o")))
                .isEqualTo(ObservationType.GENERATION);
        assertThat(typeOf(attr("llm.model_name", "claude"))).isEqualTo(ObservationType.GENERATION);
        assertThat(typeOf(attr("model", "llama3"))).isEqualTo(ObservationType.GENERATION);
        assertThat(typeOf(attr("http.method", "GET"))).isEqualTo(ObservationType.SPAN);
        assertThat(typeOf(attr("langfuse.observation.type", "event"))).isEqualTo(ObservationType.EVENT);
        assertThat(typeOf(attr("langfuse.observation.type", "guardrail"))).isEqualTo(ObservationType.GUARDRAIL);
        assertThat(typeOf(attr("openinference.span.kind", "EVALUATOR"))).isEqualTo(ObservationType.EVALUATOR);
    }

    @Test
    void unknownTypeHintsStayInMetadata() {
        ObservationPatch observation = observationOf("any", span(ROOT_SPAN_ID, null, "span",
                attr("langfuse.observation.type", "widget"), attr("openinference.span.kind", "RERANKER")));

        assertThat(observation.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "langfuse.observation.type", "widget", "openinference.span.kind", "RERANKER"));
    }

    @Test
    void oldPythonSdkGenerationsMarkedAsSpansAreGenerations() {
        var python = resource(attr("telemetry.sdk.language", "python"));
        var span = span(ROOT_SPAN_ID, null, "llm", attr("langfuse.observation.type", "span"),
                attr("langfuse.observation.model.name", "gpt-4o"));

        assertThat(mapper().map(PROJECT, request(python, "langfuse-sdk", "3.3.0", span)).observations().get(0).type())
                .isEqualTo(ObservationType.GENERATION);
        assertThat(mapper().map(PROJECT, request(python, "langfuse-sdk", "3.4.0", span)).observations().get(0).type())
                .isEqualTo(ObservationType.SPAN);
    }

    @Test
    void rootSpanMakesTheFullTracePatchFromTheObservation() {
        var root = span(ROOT_SPAN_ID, null, "pipeline", attr("input.value", "{\"q\": 1}"), attr("output.value", "done"),
                attr("deployment.environment.name", "Staging"), attr("team", "ml"));

        OtelMapping mapping = mapper().map(PROJECT, request("any", root));

        TracePatch trace = traceOf(mapping);
        assertThat(trace.name()).isEqualTo("pipeline");
        assertThat(trace.timestamp()).isEqualTo(START);
        assertThat(trace.eventTime()).isEqualTo(END);
        assertThat(trace.input()).isEqualTo("{\"q\": 1}");
        assertThat(trace.output()).isEqualTo("\"done\"");
        assertThat(trace.environment()).isEqualTo("staging");
        assertThat(trace.metadata()).containsExactly(entry("team", "ml"));
        assertThat(trace.tags()).isEmpty();
        assertThat(trace.isPublic()).isNull();
        assertThat(trace.userId()).isNull();
    }

    @Test
    void everyTraceSeenGetsOneMinimalPatchFromItsEarliestSpan() {
        var late = span(CHILD_SPAN_ID, ROOT_SPAN_ID, "late", attr("langfuse.environment", "prod"))
                .setStartTimeUnixNano(nanos(START.plusSeconds(5))).setEndTimeUnixNano(nanos(START.plusSeconds(6)));
        var early = span("00f067aa0ba902b8", ROOT_SPAN_ID, "early", attr("langfuse.environment", "prod"));
        var otherTrace = span("00f067aa0ba902b9", ROOT_SPAN_ID, "other").setTraceId(hex(OTHER_TRACE_ID));

        OtelMapping mapping = mapper().map(PROJECT, request("any", late, early, otherTrace));

        assertThat(mapping.traces()).hasSize(2);
        TracePatch first = mapping.traces().get(0);
        assertThat(first.id()).isEqualTo(TRACE_ID);
        assertThat(first.timestamp()).isEqualTo(START);
        assertThat(first.eventTime()).isEqualTo(END);
        assertThat(first.environment()).isEqualTo("prod");
        assertThat(first.name()).isNull();
        assertThat(first.input()).isNull();
        assertThat(first.metadata()).isEmpty();
        assertThat(mapping.traces().get(1).id()).isEqualTo(OTHER_TRACE_ID);
    }

    @Test
    void childWithTraceAttributesUpdatesTheTraceWithoutBecomingItsRoot() {
        var child = span(CHILD_SPAN_ID, ROOT_SPAN_ID, "step", attr("input.value", "step input"),
                attr("langfuse.trace.name", "renamed"), attr("langfuse.user.id", "u-9"),
                attr("langfuse.trace.metadata", "{\"source\": \"batch\"}"), attr("langfuse.tags", "a, b"));

        OtelMapping mapping = mapper().map(PROJECT, request("any", child));

        TracePatch trace = traceOf(mapping);
        assertThat(trace.name()).isEqualTo("renamed");
        assertThat(trace.userId()).isEqualTo("u-9");
        assertThat(trace.input()).isNull();
        assertThat(trace.metadata()).containsExactly(entry("source", "batch"));
        assertThat(trace.tags()).containsExactly("a", "b");
        assertThat(mapping.observations().get(0).metadata()).isEmpty();
    }

    @Test
    void resourceLevelTraceMetadataReachesTheTrace() {
        var resource = resource(attr("service.name", "api"), attr("langfuse.trace.metadata.region", "eu"));
        OtelMapping mapping = mapper().map(PROJECT, request(resource, "any", "", span(ROOT_SPAN_ID, null, "root")));

        assertThat(traceOf(mapping).metadata()).containsExactly(entry("region", "eu"));
        assertThat(mapping.observations().get(0).resourceAttributes()).containsEntry("langfuse.trace.metadata.region", "eu");
    }

    @Test
    void spansWithInvalidIdsAreRejectedWithReasonsAndTheRestIsMapped() {
        var valid = span(ROOT_SPAN_ID, null, "ok");
        var noTraceId = span(CHILD_SPAN_ID, null, "no trace").setTraceId(ByteString.EMPTY);
        var shortSpanId = span("00", null, "short").setSpanId(hex("0102030405"));
        var badParent = span("00f067aa0ba902b9", null, "bad parent").setParentSpanId(hex("010203"));
        var zeroTrace = span("00f067aa0ba902ba", null, "zeros").setTraceId(ByteString.copyFrom(new byte[16]));

        OtelMapping mapping = mapper().map(PROJECT, request("any", valid, noTraceId, shortSpanId, badParent, zeroTrace));

        assertThat(mapping.observations()).extracting(ObservationPatch::id).containsExactly(ROOT_SPAN_ID);
        assertThat(mapping.spanCount()).isEqualTo(5);
        assertThat(mapping.rejections()).extracting(SpanRejection::reason).containsExactly(
                "traceId is missing (an OTLP logs or metrics export sent to the traces endpoint looks like this)",
                "spanId has 5 bytes; it must have 8 (16 hex characters in OTLP/JSON)",
                "parentSpanId has 3 bytes; it must have 8 (16 hex characters in OTLP/JSON), or be empty for a root span",
                "traceId is all zeros, which OpenTelemetry defines as invalid");
        assertThat(mapping.rejections().get(1).spanId()).isEqualTo("0102030405");
        var response = mapping.response();
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(4);
        assertThat(response.getPartialSuccess().getErrorMessage())
                .startsWith("4 of 5 spans rejected: span 00f067aa0ba902b7 of trace (no id): traceId is missing");
    }

    @Test
    void fullSuccessHasNoPartialSuccess() {
        OtelMapping mapping = mapper().map(PROJECT, request("any", span(ROOT_SPAN_ID, null, "ok")));

        assertThat(mapping.response().hasPartialSuccess()).isFalse();
        assertThat(mapping.rejectionSummary()).isEmpty();
    }

    @Test
    void allZeroParentMeansRoot() {
        ObservationPatch observation = observationOf("any",
                span(ROOT_SPAN_ID, null, "root").setParentSpanId(ByteString.copyFrom(new byte[8])));

        assertThat(observation.parentObservationId()).isNull();
    }

    @Test
    void errorStatusGivesErrorLevelAndMessage() {
        ObservationPatch withMessage = observationOf("any", span(ROOT_SPAN_ID, null, "call")
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("rate limited")));
        assertThat(withMessage.level()).isEqualTo(ObservationLevel.ERROR);
        assertThat(withMessage.statusMessage()).isEqualTo("rate limited");

        ObservationPatch fromException = observationOf("any", span(ROOT_SPAN_ID, null, "call")
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .addEvents(event("exception", attr("exception.type", "ValueError"), attr("exception.message", "bad input"),
                        attr("exception.stacktrace", "Traceback ..."))));
        assertThat(fromException.level()).isEqualTo(ObservationLevel.ERROR);
        assertThat(fromException.statusMessage()).isEqualTo("ValueError: bad input");
        assertThat(fromException.metadata().get("otel.events")).contains("\"exception.stacktrace\":\"Traceback ...\"");

        ObservationPatch ok = observationOf("any", span(ROOT_SPAN_ID, null, "call")
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK)));
        assertThat(ok.level()).isEqualTo(ObservationLevel.DEFAULT);
        assertThat(ok.statusMessage()).isNull();

        ObservationPatch unknownLevel = observationOf("any", span(ROOT_SPAN_ID, null, "call",
                attr("langfuse.observation.level", "loud"))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)));
        assertThat(unknownLevel.level()).isEqualTo(ObservationLevel.ERROR);
        assertThat(unknownLevel.metadata()).containsEntry("langfuse.observation.level", "loud");

        assertThat(observationOf("any", span(ROOT_SPAN_ID, null, "call", attr("langfuse.observation.level", "critical")))
                .level()).isEqualTo(ObservationLevel.ERROR);
        assertThat(observationOf("any", span(ROOT_SPAN_ID, null, "call", attr("langfuse.observation.level", "debug")))
                .level()).isEqualTo(ObservationLevel.DEBUG);
    }

    @Test
    void environmentIsValidatedLikeLangfuse() {
        assertThat(environmentOf(resource(), attr("langfuse.environment", "langfuse-prod"))).isEqualTo("prod");
        assertThat(environmentOf(resource(), attr("langfuse.environment", "my env!"))).isEqualTo("default");
        assertThat(environmentOf(resource(), attr("langfuse.environment", "x".repeat(50)))).isEqualTo("x".repeat(40));
        assertThat(environmentOf(resource())).isEqualTo("default");
        assertThat(environmentOf(resource(attr("deployment.environment", "QA_1")))).isEqualTo("qa_1");
        // Each key is looked up on the span, then on the resource, before the next key.
        assertThat(environmentOf(resource(attr("langfuse.environment", "dev")), attr("deployment.environment.name", "prod")))
                .isEqualTo("dev");
    }

    private static String environmentOf(Resource resource, KeyValue... attributes) {
        return mapper().map(PROJECT, request(resource, "any", "", span(ROOT_SPAN_ID, null, "s", attributes)))
                .observations().get(0).environment();
    }

    @Test
    void missingTimesFallBackLikeLangfuse() {
        ObservationPatch noEnd = observationOf("any", span(ROOT_SPAN_ID, null, "open").setEndTimeUnixNano(0));
        assertThat(noEnd.startTime()).isEqualTo(START);
        assertThat(noEnd.endTime()).isEqualTo(START);
        assertThat(noEnd.eventTime()).isEqualTo(START);

        ObservationPatch noTimes = observationOf("any",
                span(ROOT_SPAN_ID, null, "timeless").setStartTimeUnixNano(0).setEndTimeUnixNano(0));
        assertThat(noTimes.startTime()).isEqualTo(NOW);
        assertThat(noTimes.eventTime()).isEqualTo(NOW);
    }

    @Test
    void leftoverAttributesOfEveryValueTypeAreKeptAsText() {
        ObservationPatch observation = observationOf("any", span(ROOT_SPAN_ID, null, "typed",
                attr("a.string", "text"), attr("a.int", 42L), attr("a.double", 1.5), attr("a.bool", true),
                attr("a.array", strings("x", "y")), attr("a.map", kvlist(attr("k", 1L))),
                attr("a.bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")).build()),
                attr("a.empty", ""), attr("a.nan", Double.NaN)));

        assertThat(observation.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a.string", "text", "a.int", "42", "a.double", "1.5", "a.bool", "true", "a.array", "[\"x\",\"y\"]",
                "a.map", "{\"k\":1}", "a.bytes", "aGk=", "a.empty", "", "a.nan", "NaN"));
    }

    @Test
    void scopeAttributesAndLinksAreKept() {
        Span.Builder linked = span(ROOT_SPAN_ID, null, "consumer").addLinks(Span.Link.newBuilder()
                .setTraceId(hex(OTHER_TRACE_ID)).setSpanId(hex(CHILD_SPAN_ID)).addAttributes(attr("kind", "batch")));
        var scope = InstrumentationScope.newBuilder().setName("queue").setVersion("2.0").addAttributes(attr("lib", "kafka")).build();
        ExportTraceServiceRequest request = request(resource(), scope, linked);

        ObservationPatch observation = mapper().map(PROJECT, request).observations().get(0);

        assertThat(observation.scopeName()).isEqualTo("queue");
        assertThat(observation.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "otel.scope.version", "2.0", "otel.scope.attributes", "{\"lib\":\"kafka\"}",
                "otel.links", "[{\"traceId\":\"" + OTHER_TRACE_ID + "\",\"spanId\":\"" + CHILD_SPAN_ID
                        + "\",\"attributes\":{\"kind\":\"batch\"}}]"));
    }

    @Test
    void userMetadataWinsOverALeftoverAttributeOfTheSameName() {
        ObservationPatch observation = observationOf("any", span(ROOT_SPAN_ID, null, "s",
                attr("region", "attribute"), attr("langfuse.observation.metadata.region", "user")));

        assertThat(observation.metadata()).containsExactly(entry("region", "user"));
    }

    @Test
    void sdkControlFlagsAreNotMetadata() {
        // @langfuse/otel 5.x and langfuse (PyPI) 5.x mark the first span of application code.
        var root = span(ROOT_SPAN_ID, null, "agent-run", attr("langfuse.internal.is_app_root", true),
                attr("langfuse.observation.metadata.planner", "react"));
        var child = span(CHILD_SPAN_ID, ROOT_SPAN_ID, "step", attr("langfuse.internal.as_root", true),
                attr("langfuse.internal.is_app_root", false));

        OtelMapping mapping = mapper().map(PROJECT, request("langfuse-sdk", root, child));

        assertThat(mapping.observations().get(0).metadata()).containsExactly(entry("planner", "react"));
        assertThat(mapping.observations().get(1).metadata()).isEmpty();
        assertThat(mapping.traces()).allSatisfy(trace -> assertThat(trace.metadata()).doesNotContainKey("langfuse.internal.is_app_root"));
    }

    @Test
    void valuesNoFieldHoldsStayInMetadata() {
        // A child without trace attributes makes no trace patch, so its release has nowhere else to go;
        // an unusable environment falls back to "default" and keeps the value sent; ai.* outside the
        // Vercel AI SDK is nobody's payload.
        var child = span(CHILD_SPAN_ID, ROOT_SPAN_ID, "child", attr("langfuse.release", "r-1"),
                attr("langfuse.environment", "my env!"), attr("ai.prompt", "not vercel"));

        OtelMapping mapping = mapper().map(PROJECT, request("custom", child));

        ObservationPatch observation = mapping.observations().get(0);
        assertThat(observation.environment()).isEqualTo("default");
        assertThat(observation.input()).isNull();
        assertThat(observation.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "langfuse.release", "r-1", "langfuse.environment", "my env!", "ai.prompt", "not vercel"));
        assertThat(traceOf(mapping).release()).isNull();
    }

    @Test
    void sparseFlattenedIndexesCostOneElementEach() {
        ObservationPatch observation = observationOf("any", span(ROOT_SPAN_ID, null, "llm",
                attr("llm.input_messages.999999999.message.content", "far"),
                attr("llm.input_messages.0.message.content", "near")));

        assertThat(observation.input()).isEqualTo("[{\"content\":\"near\"},{\"content\":\"far\"}]");

        ObservationPatch deep = observationOf("any", span(ROOT_SPAN_ID, null, "llm",
                attr("gen_ai.prompt.0" + ".x".repeat(100_000), "deep")));
        assertThat(deep.input()).startsWith("[{\"x\":{\"x\":").endsWith("\"deep\"}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}]");
    }

    @Test
    void costsTheStoreCannotHoldStayInMetadata() {
        ObservationPatch tooLarge = observationOf("any", span(ROOT_SPAN_ID, null, "llm", attr("gen_ai.usage.cost", 1e20)));
        assertThat(tooLarge.costDetails()).isEmpty();
        assertThat(tooLarge.metadata()).containsEntry("gen_ai.usage.cost", "1.0E20");

        ObservationPatch details = observationOf("any", span(ROOT_SPAN_ID, null, "llm", attr("langfuse.observation.cost_details",
                "{\"input\": 1e300, \"output\": -1, \"tiny\": \"1e-999999999\", \"text\": \"1e30\", \"total\": 0.5}")));
        assertThat(details.costDetails()).containsOnlyKeys("tiny", "total");
        assertThat(details.costDetails().get("tiny")).isEqualByComparingTo("0");
        assertThat(details.costDetails().get("total")).isEqualByComparingTo("0.5");
    }

    @Test
    void numericStringsOfMillionsOfDigitsAreNotParsed() {
        // new BigDecimal of 4 million digits takes minutes: the request thread would be gone.
        String digits = "7".repeat(4_000_000);
        ObservationPatch observation = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> observationOf("any",
                span(ROOT_SPAN_ID, null, "llm", attr("gen_ai.usage.cost", digits), attr("ai.response.msToFirstChunk", digits))));

        assertThat(observation.costDetails()).isEmpty();
        assertThat(observation.completionStartTime()).isNull();
        assertThat(observation.metadata()).containsKeys("gen_ai.usage.cost", "ai.response.msToFirstChunk");
    }

    @Test
    void completionStartTimesOutsideTheStoredRangeStayInMetadata() {
        for (String time : new String[] {"+12345-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1800-01-01T00:00:00Z"}) {
            ObservationPatch observation = observationOf("any", span(ROOT_SPAN_ID, null, "llm",
                    attr("langfuse.observation.completion_start_time", time)));
            assertThat(observation.completionStartTime()).as(time).isNull();
            assertThat(observation.metadata()).as(time).containsEntry("langfuse.observation.completion_start_time", time);
        }
        for (double millis : new double[] {1e15, 1e300, Double.POSITIVE_INFINITY, -1e15}) {
            ObservationPatch observation = observationOf("any", span(ROOT_SPAN_ID, null, "llm",
                    attr("ai.response.msToFirstChunk", millis)));
            assertThat(observation.completionStartTime()).as("%s ms", millis).isNull();
            assertThat(observation.metadata()).as("%s ms", millis).containsKey("ai.response.msToFirstChunk");
        }
        ObservationPatch inRange = observationOf("any", span(ROOT_SPAN_ID, null, "llm", attr("ai.response.msToFirstChunk", 250.0)));
        assertThat(inRange.completionStartTime()).isEqualTo(START.plusMillis(250));
    }

    @Test
    void emptyRequestMapsToNothing() {
        OtelMapping mapping = mapper().map(PROJECT, ExportTraceServiceRequest.getDefaultInstance());

        assertThat(mapping.hasRows()).isFalse();
        assertThat(mapping.spanCount()).isZero();
        assertThat(mapping.response().hasPartialSuccess()).isFalse();
    }
}
