"""PyPI `langfuse` v5 sending a small, fixed data set for the metrics and score-list tests.

Two traces with ids derived from E2E_RUN_ID (so two projects fed with the same run id hold
colliding trace and score ids), generations with explicit usage and cost multiplied by
E2E_SCALE, and three scores. Prints {"traces": {name: id}} on stdout; exits non-zero when the
SDK logs an error (it never raises them).
"""

import json
import logging
import os
import sys

from langfuse import Langfuse, propagate_attributes


class FailureLog(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages = []

    def emit(self, record):
        self.messages.append(f"{record.name} {record.levelname}: {record.getMessage()}")


def generation(langfuse, name, model, usage, cost):
    with langfuse.start_as_current_observation(as_type="generation", name=name, model=model) as g:
        g.update(usage_details={"input": usage[0], "output": usage[1], "total": usage[0] + usage[1]},
                 cost_details={"input": cost * 0.75, "output": cost * 0.25, "total": cost})


def main():
    run = os.environ.get("E2E_RUN_ID")
    if not run:
        print("E2E_RUN_ID is not set", file=sys.stderr)
        return 2
    scale = float(os.environ.get("E2E_SCALE", "1"))
    failures = FailureLog()
    logging.getLogger().addHandler(failures)
    langfuse = Langfuse(environment="metrics", flush_at=100)
    chat = Langfuse.create_trace_id(seed=f"{run}-chat")
    search = Langfuse.create_trace_id(seed=f"{run}-search")

    with propagate_attributes(user_id="user-a", tags=["metrics", "chat"], trace_name="metrics-chat"):
        with langfuse.start_as_current_observation(as_type="span", name="chat", trace_context={"trace_id": chat}):
            generation(langfuse, "answer", "gpt-4o", (100, 20), 0.01 * scale)
            generation(langfuse, "answer", "gpt-4o", (50, 10), 0.02 * scale)
    with propagate_attributes(user_id="user-b", tags=["metrics"], trace_name="metrics-search"):
        with langfuse.start_as_current_observation(as_type="span", name="retrieve", trace_context={"trace_id": search}):
            generation(langfuse, "rank", "claude-3", (10, 5), 0.005 * scale)

    langfuse.create_score(name="quality", value=0.8 * scale, trace_id=chat, data_type="NUMERIC", score_id=f"{run}-quality-chat")
    langfuse.create_score(name="quality", value=0.4 * scale, trace_id=search, data_type="NUMERIC", score_id=f"{run}-quality-search")
    langfuse.create_score(name="tone", value="friendly", trace_id=search, data_type="CATEGORICAL", score_id=f"{run}-tone-search")
    langfuse.flush()
    langfuse.shutdown()

    print(json.dumps({"traces": {"chat": chat, "search": search}}))
    if failures.messages:
        print("langfuse reported failures:\n" + "\n".join(failures.messages), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
