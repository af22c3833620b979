// @langfuse/tracing + @langfuse/otel (OTLP/HTTP to /api/public/otel/v1/traces) against a running
// Glasshouse, through a plain OpenTelemetry NodeTracerProvider.
//
// Configuration is the SDK's own: LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and LANGFUSE_BASE_URL;
// E2E_RUN_ID makes names unique. Prints {"traceId", "observations": {name: {id, ...}}, "before",
// "after"} on stdout (also after a failure); exits non-zero when an export fails.
import { diag, DiagLogLevel } from "@opentelemetry/api";
import { setGlobalErrorHandler } from "@opentelemetry/core";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { LangfuseSpanProcessor } from "@langfuse/otel";
import { propagateAttributes, startActiveObservation, startObservation } from "@langfuse/tracing";

const run = requiredEnv("E2E_RUN_ID");
const failures = [];
// Export errors reach the global error handler and the diag logger; the SDK never throws them.
setGlobalErrorHandler((e) => failures.push(`otel error: ${describe(e)}`));
diag.setLogger({
  error: (...args) => failures.push(`diag error: ${args.map(describe).join(" ")}`),
  warn: () => {},
  info: () => {},
  debug: () => {},
  verbose: () => {},
}, DiagLogLevel.ERROR);

const processor = new LangfuseSpanProcessor({ environment: "e2e-node-otel", release: "otel-release-2.0.0" });
const provider = new NodeTracerProvider({ spanProcessors: [processor] });
provider.register(); // AsyncLocalStorage context, so active observations nest

const before = new Date();
const observations = {};
const remember = (name, observation, extra = {}) => {
  observations[name] = { id: observation.id, ...extra };
};

let traceId;
await propagateAttributes({
  userId: "user-node-otel",
  sessionId: `session-${run}`,
  tags: ["e2e", "node-otel"],
  metadata: { suite: "sdk-compatibility", run },
  version: "otel-version-5",
  traceName: `node-otel-${run}`,
}, () => startActiveObservation("agent-run", async (agent) => {
  traceId = agent.traceId;
  remember("agent-run", agent);
  agent.update({ input: { task: "weather in Paris" }, metadata: { planner: "react" } });
  agent.setTraceIO({ input: { question: "Weather in Paris?" } });

  const generation = startObservation("plan-llm-call", {
    model: "gpt-4o",
    modelParameters: { temperature: 0.1, max_tokens: 100 },
    input: [{ role: "user", content: "Weather in Paris?" }],
  }, { asType: "generation" });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const completionStart = new Date();
  generation.update({
    completionStartTime: completionStart,
    output: { role: "assistant", content: "call get_weather(Paris)" },
    usageDetails: { input: 20, output: 5, total: 25 },
    costDetails: { input: 0.0001, output: 0.0002, total: 0.0003 },
  });
  generation.end();
  remember("plan-llm-call", generation, { completionStartTime: completionStart.toISOString() });

  await startActiveObservation("get_weather", async (tool) => {
    remember("get_weather", tool);
    tool.update({ input: { city: "Paris" }, output: { celsius: 21 } });
  }, { asType: "tool" });

  const span = startObservation("format-answer", {
    input: { celsius: 21 },
    level: "WARNING",
    statusMessage: "fell back to template",
  });
  span.update({ output: "It is 21 °C in Paris." });
  span.end();
  remember("format-answer", span);

  agent.update({ output: { answer: "It is 21 °C in Paris." } });
  agent.setTraceIO({ input: { question: "Weather in Paris?" }, output: { answer: "It is 21 °C in Paris." } });
}, { asType: "agent" }));

try {
  await provider.forceFlush();
  await provider.shutdown();
} catch (e) {
  failures.push(`flush: ${describe(e)}`);
}
const after = new Date();

// What was sent goes to stdout even after a failure, so the test can still compare the rest.
console.log(JSON.stringify({ traceId, before: before.toISOString(), after: after.toISOString(), observations }));
if (failures.length > 0) {
  console.error(`@langfuse/otel reported failures:\n${failures.join("\n")}`);
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
