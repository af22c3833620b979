"""OpenInference's OpenAI instrumentation (openinference-instrumentation-openai) tracing the
`openai` client, exported with OTLP/HTTP (protobuf) to a running Glasshouse.

The client talks to an OpenAI-compatible server named by OPENAI_BASE_URL (the tests start
fake_openai.py; nothing leaves the machine). Export configuration is OpenTelemetry's own:
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://host:3000/v1/traces (used as is) and
OTEL_EXPORTER_OTLP_HEADERS=authorization=Basic%20<base64 pk:sk>; E2E_RUN_ID makes names unique.
Prints {"traceId", "observations": {name: {id}}, "before", "after"} on stdout; exits non-zero
when the call or an export fails.
"""

import json
import os
import sys
from datetime import datetime, timezone

import openai
from openinference.instrumentation import using_attributes
from openinference.instrumentation.openai import OpenAIInstrumentor
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from recording_exporter import RecordingExporter


class SpanCollector(SpanProcessor):
    """Remembers finished spans, to learn the ids the instrumentation chose."""

    def __init__(self):
        self.spans = []

    def on_end(self, span):
        self.spans.append(span)


def main():
    run = os.environ.get("E2E_RUN_ID")
    if not run or not os.environ.get("OPENAI_BASE_URL"):
        print("E2E_RUN_ID and OPENAI_BASE_URL must be set", file=sys.stderr)
        return 2

    exporter = RecordingExporter(OTLPSpanExporter(timeout=10))
    provider = TracerProvider(resource=Resource.create({
        "service.name": "openinference-e2e",
        "deployment.environment.name": "e2e-openinference",
    }))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    collector = SpanCollector()
    provider.add_span_processor(collector)
    OpenAIInstrumentor().instrument(tracer_provider=provider)

    client = openai.OpenAI(api_key="sk-fake", max_retries=0, timeout=10)
    before = datetime.now(timezone.utc)
    with using_attributes(
        session_id=f"session-{run}",
        user_id="user-openinference",
        metadata={"suite": "sdk-compatibility", "run": run},
        tags=["e2e", "openinference"],
    ):
        completion = client.chat.completions.create(
            model="gpt-4o-mini",
            temperature=0,
            max_tokens=50,
            messages=[
                {"role": "system", "content": "Answer in one sentence."},
                {"role": "user", "content": "What is the capital of France?"},
            ],
        )
    answer = completion.choices[0].message.content

    provider.force_flush(15000)
    finished = list(collector.spans)
    provider.shutdown()
    after = datetime.now(timezone.utc)

    if len(finished) != 1:
        print(f"expected one span from the instrumentation, saw {len(finished)}", file=sys.stderr)
        return 1
    span = finished[0]
    print(json.dumps({
        "traceId": format(span.context.trace_id, "032x"),
        "before": before.isoformat().replace("+00:00", "Z"),
        "after": after.isoformat().replace("+00:00", "Z"),
        "answer": answer,
        "observations": {span.name: {"id": format(span.context.span_id, "016x")}},
    }))
    if exporter.failures:
        print(f"{exporter.failures} OTLP/HTTP export(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
