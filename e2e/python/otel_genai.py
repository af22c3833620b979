"""Plain OpenTelemetry (opentelemetry-sdk + OTLP exporter) emitting GenAI semantic-convention
spans to a running Glasshouse: `otel_genai.py grpc` exports over OTLP/gRPC, `otel_genai.py http`
over OTLP/HTTP (protobuf).

Configuration is OpenTelemetry's own: OTEL_EXPORTER_OTLP_ENDPOINT (gRPC: http://host:4317;
HTTP: http://host:3000/api/public/otel, the exporter appends /v1/traces) and
OTEL_EXPORTER_OTLP_HEADERS=authorization=Basic%20<base64 pk:sk>; E2E_RUN_ID makes names unique.
Prints {"traceId", "observations": {name: {id}}, "before", "after"} on stdout; exits non-zero
when an export fails.
"""

import json
import os
import sys
from datetime import datetime, timezone

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from recording_exporter import RecordingExporter
from opentelemetry.trace import SpanKind, Status, StatusCode


def exporter_for(transport):
    if transport == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
        return OTLPSpanExporter(timeout=10)
    if transport == "http":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        return OTLPSpanExporter(timeout=10)
    raise SystemExit(f"usage: otel_genai.py grpc|http (got {transport!r})")


def iso(ns):
    return datetime.fromtimestamp(ns / 1e9, timezone.utc).isoformat().replace("+00:00", "Z")


def main():
    if len(sys.argv) != 2:
        print("usage: otel_genai.py grpc|http", file=sys.stderr)
        return 2
    transport = sys.argv[1]
    run = os.environ.get("E2E_RUN_ID")
    if not run:
        print("E2E_RUN_ID is not set", file=sys.stderr)
        return 2

    exporter = RecordingExporter(exporter_for(transport))
    provider = TracerProvider(resource=Resource.create({
        "service.name": "otel-genai-e2e",
        "service.version": f"otel-{transport}-1.0.0",
        "deployment.environment.name": f"e2e-otel-{transport}",
    }))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    tracer = provider.get_tracer("glasshouse.e2e.genai", "1.0.0")

    observations = {}
    before = datetime.now(timezone.utc)
    with tracer.start_as_current_span(f"otel-{transport}-{run}", attributes={
        "user.id": f"user-otel-{transport}",
        "session.id": f"session-{run}",
    }) as root:
        trace_id = format(root.get_span_context().trace_id, "032x")
        observations["root"] = {"id": format(root.get_span_context().span_id, "016x")}

        with tracer.start_as_current_span("chat gpt-4o-mini", kind=SpanKind.CLIENT, attributes={
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o-mini",
            "gen_ai.request.temperature": 0.3,
            "gen_ai.request.max_tokens": 200,
            "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
            "gen_ai.response.id": f"chatcmpl-{run}",
            "gen_ai.response.finish_reasons": ["tool_calls"],
            "gen_ai.usage.input_tokens": 42,
            "gen_ai.usage.output_tokens": 9,
            "gen_ai.input.messages": json.dumps([
                {"role": "user", "parts": [{"type": "text", "content": "Weather in Paris?"}]},
            ]),
            "gen_ai.output.messages": json.dumps([
                {"role": "assistant", "parts": [{"type": "tool_call", "id": "call-1", "name": "get_weather",
                                                 "arguments": {"city": "Paris"}}],
                 "finish_reason": "tool_calls"},
            ]),
        }) as chat:
            observations["chat"] = {"id": format(chat.get_span_context().span_id, "016x")}

        with tracer.start_as_current_span("execute_tool get_weather", kind=SpanKind.INTERNAL, attributes={
            "gen_ai.operation.name": "execute_tool",
            "gen_ai.tool.name": "get_weather",
            "gen_ai.tool.call.id": "call-1",
            "gen_ai.tool.call.arguments": json.dumps({"city": "Paris"}),
            "gen_ai.tool.call.result": json.dumps({"celsius": 21}),
        }) as tool:
            observations["tool"] = {"id": format(tool.get_span_context().span_id, "016x")}

        with tracer.start_as_current_span("chat gpt-4o-mini", kind=SpanKind.CLIENT, attributes={
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o-mini",
        }) as failed:
            observations["failed-chat"] = {"id": format(failed.get_span_context().span_id, "016x")}
            failed.set_status(Status(StatusCode.ERROR, "rate limited by provider"))

    provider.force_flush(15000)
    provider.shutdown()
    after = datetime.now(timezone.utc)

    print(json.dumps({
        "traceId": trace_id,
        "before": before.isoformat().replace("+00:00", "Z"),
        "after": after.isoformat().replace("+00:00", "Z"),
        "observations": observations,
    }))
    if exporter.failures:
        print(f"{exporter.failures} OTLP/{transport} export(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
