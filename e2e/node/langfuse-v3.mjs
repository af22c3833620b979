// npm `langfuse` v3 (batch ingestion, POST /api/public/ingestion) against a running Glasshouse.
//
// Configuration is the SDK's own: LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and LANGFUSE_BASEURL
// (v3 reads LANGFUSE_BASEURL, not LANGFUSE_HOST); E2E_RUN_ID makes ids and names unique.
// Prints {"traceId", "observations": {name: {id, ...times sent}}, "before", "after"} on stdout
// (also after a failure) and exits non-zero when the SDK reports any error (it only logs them).
import { Langfuse } from "langfuse";

const run = requiredEnv("E2E_RUN_ID");
const failures = [];

const langfuse = new Langfuse({
  environment: "e2e-node-v3",
  flushAt: 100, // one request for everything; shutdownAsync() sends it
  fetchRetryCount: 1,
  fetchRetryDelay: 200,
  requestTimeout: 10000,
});
// Failed requests surface as "warning" (from flush) and "error" events, never as exceptions.
langfuse.on("error", (e) => failures.push(`error: ${describe(e)}`));
langfuse.on("warning", (e) => failures.push(`warning: ${describe(e)}`));

const before = new Date();
// Explicit times lie in the recent past, so that end() (which stamps "now") comes after them.
const base = new Date(before.getTime() - 5000);
const t = (ms) => new Date(base.getTime() + ms);

const traceId = `v3-${run}`;
const ids = {
  span: `v3-span-${run}`,
  generation: `v3-gen-${run}`,
  event: `v3-event-${run}`,
};

const trace = langfuse.trace({
  id: traceId,
  timestamp: t(0),
  name: `node-v3-${run}`,
  userId: "user-node-v3",
  sessionId: `session-${run}`,
  tags: ["e2e", "node-v3"],
  metadata: { suite: "sdk-compatibility", run, nested: { depth: 2, flags: [true, false] } },
  release: "v3-release-1.2.3",
  version: "v3-version-7",
  input: { question: "What is 2 + 2?" },
});

const span = trace.span({
  id: ids.span,
  name: "retrieve-context",
  startTime: t(10),
  input: { query: "arithmetic facts" },
  metadata: { retriever: "in-memory" },
});

const generation = span.generation({
  id: ids.generation,
  name: "answer",
  startTime: t(20),
  completionStartTime: t(120),
  model: "gpt-4o-mini",
  modelParameters: { temperature: 0.2, max_tokens: 256, stream: false },
  input: [
    { role: "system", content: "You are a calculator." },
    { role: "user", content: "What is 2 + 2?" },
  ],
});

span.event({
  id: ids.event,
  name: "cache-lookup",
  startTime: t(15),
  input: { key: "2+2" },
  output: { hit: false },
  level: "DEBUG",
});

// Usage and cost arrive in an update, as with a streamed response; then end() closes it.
generation.update({
  usage: { input: 12, output: 3, total: 15, unit: "TOKENS" },
  costDetails: { input: 0.0012, output: 0.0006, total: 0.0018 },
});
generation.end({
  output: { role: "assistant", content: "4" },
  level: "WARNING",
  statusMessage: "answer shortened",
});

span.end({ output: { documents: 2 } });

trace.update({ output: { answer: "4" } });
trace.score({ id: `v3-score-num-${run}`, name: "correctness", value: 0.9, comment: "close enough" });
trace.score({ id: `v3-score-cat-${run}`, name: "verdict", value: "good", dataType: "CATEGORICAL" });
generation.score({ id: `v3-score-bool-${run}`, name: "helpful", value: 1, dataType: "BOOLEAN" });

await langfuse.shutdownAsync();
const after = new Date();

// What was sent goes to stdout even after a failure, so the test can still compare the rest.
console.log(JSON.stringify({
  traceId,
  traceTimestamp: t(0).toISOString(),
  before: before.toISOString(),
  after: after.toISOString(),
  observations: {
    "retrieve-context": { id: ids.span, startTime: t(10).toISOString() },
    "answer": { id: ids.generation, startTime: t(20).toISOString(), completionStartTime: t(120).toISOString() },
    "cache-lookup": { id: ids.event, startTime: t(15).toISOString() },
  },
}));
if (failures.length > 0) {
  console.error(`langfuse v3 reported failures:\n${failures.join("\n")}`);
  process.exit(1);
}

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

function describe(e) {
  return e instanceof Error ? `${e.name}: ${e.message}` : typeof e === "string" ? e : JSON.stringify(e);
}
