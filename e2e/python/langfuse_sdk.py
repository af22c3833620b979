"""PyPI `langfuse` v5 (OpenTelemetry-based: OTLP/HTTP to /api/public/otel/v1/traces; scores as a
JSON array to POST /api/public/scores) against a running Glasshouse.

Configuration is the SDK's own: LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and LANGFUSE_HOST (or
LANGFUSE_BASE_URL); E2E_RUN_ID makes names unique. Prints {"traceId", "observations": {name:
{id, ...}}, "before", "after"} on stdout (also after a failure); exits non-zero when the SDK logs
an error, as it does for a failed export or score upload (it never raises them).
"""

import json
import logging
import os
import sys
import time
from datetime import datetime, timezone

from langfuse import Langfuse, observe, propagate_attributes


class FailureLog(logging.Handler):
    """Collects the errors the SDK and its OTLP exporter log instead of raising, with the API error
    behind each (the SDK logs that one at DEBUG, then a generic message at ERROR)."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.messages = []

    def emit(self, record):
        if record.levelno >= logging.ERROR or isinstance(record.msg, BaseException):
            self.messages.append(f"{record.name} {record.levelname}: {record.getMessage()}")


def main():
    run = os.environ.get("E2E_RUN_ID")
    if not run:
        print("E2E_RUN_ID is not set", file=sys.stderr)
        return 2
    failures = FailureLog()
    logging.getLogger().addHandler(failures)
    logging.getLogger("langfuse").setLevel(logging.DEBUG)

    langfuse = Langfuse(environment="e2e-python", release="py-release-3.0.0", flush_at=100)
    observations = {}

    @observe(name="lookup-capital", as_type="tool")
    def lookup_capital(country):
        return {"country": country, "capital": "Paris"}

    before = datetime.now(timezone.utc)
    with propagate_attributes(
        user_id="user-python",
        session_id=f"session-{run}",
        tags=["e2e", "python"],
        metadata={"suite": "sdk-compatibility", "run": run},
        version="py-version-9",
        trace_name=f"python-sdk-{run}",
    ):
        with langfuse.start_as_current_observation(
            as_type="span",
            name="pipeline",
            input={"question": "Capital of France?"},
            metadata={"step": "root"},
        ) as root:
            observations["pipeline"] = {"id": root.id}
            trace_id = root.trace_id
            with langfuse.start_as_current_observation(
                as_type="generation",
                name="answer",
                model="gpt-4o",
                model_parameters={"temperature": 0.7, "max_tokens": 64},
                input=[{"role": "user", "content": "Capital of France?"}],
            ) as generation:
                time.sleep(0.02)
                completion_start = datetime.now(timezone.utc)
                generation.update(
                    completion_start_time=completion_start,
                    output={"role": "assistant", "content": "Paris"},
                    usage_details={"input": 30, "output": 7, "total": 37},
                    cost_details={"input": 0.00075, "output": 0.0007, "total": 0.00145},
                )
                observations["answer"] = {
                    "id": generation.id,
                    "completionStartTime": completion_start.isoformat().replace("+00:00", "Z"),
                }
            lookup_capital("France")
            with langfuse.start_as_current_observation(
                as_type="guardrail", name="check-output", input="Paris"
            ) as guardrail:
                observations["check-output"] = {"id": guardrail.id}
                guardrail.update(output={"allowed": True}, level="WARNING", status_message="borderline")
            root.update(output={"answer": "Paris"})

    langfuse.create_score(
        name="accuracy", value=0.75, trace_id=trace_id, data_type="NUMERIC",
        comment="partially right", score_id=f"py-score-num-{run}")
    langfuse.create_score(
        name="tone", value="friendly", trace_id=trace_id, observation_id=observations["answer"]["id"],
        data_type="CATEGORICAL", score_id=f"py-score-cat-{run}")
    langfuse.flush()
    langfuse.shutdown()
    after = datetime.now(timezone.utc)

    # What was sent goes to stdout even after a failure, so the test can still compare the rest.
    print(json.dumps({
        "traceId": trace_id,
        "before": before.isoformat().replace("+00:00", "Z"),
        "after": after.isoformat().replace("+00:00", "Z"),
        "observations": observations,
    }))
    if failures.messages:
        print("langfuse reported failures:\n" + "\n".join(failures.messages), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
