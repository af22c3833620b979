package io.glasshouse.bench;

import io.glasshouse.bench.GenAiTraffic.Message;
import io.glasshouse.bench.GenAiTraffic.ToolCall;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic multi-turn GenAI sessions for bench/compare, independent of any wire format: the
 * same seed gives the same traces, ids, texts and timings. Sixteen sessions are open at a time and
 * take turns at random; a session lasts 1–6 turns (uniform), and every turn is one trace that
 * resends the session's whole history so far, so later turns are larger. Half the sessions are a
 * retrieval chat, half a tool-using agent:
 * <pre>
 *   chat turn:  rag-chat (CHAIN) → embed (EMBEDDING) → retrieve (RETRIEVER, 3–6 documents)
 *                                → chat (GENERATION: system prompt + history + question + documents)
 *   agent turn: invoke_agent (AGENT) → 1–3 × [chat (GENERATION → tool call) → execute_tool (TOOL)]
 *                                    → chat (GENERATION → answer)
 * </pre>
 * Errors: 3% of tool calls fail (an error result, status ERROR) and 2% of generations hit a rate
 * limit (no output, status ERROR, and so does the turn's root). Scores: 40% of traces get a
 * {@code user-feedback} 0/1 score, 25% a {@code helpfulness} score in [0, 1] (sent by the Langfuse
 * batch only: OTLP has no score signal).
 */
final class SessionTraffic {
    private static final HexFormat HEX = HexFormat.of();
    private static final int OPEN_SESSIONS = 16;
    private static final String[] MODELS = {"gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "claude-sonnet-4-20250514"};
    private static final String[] TOOLS = {"search_docs", "lookup_order", "get_customer_account"};
    static final String EMBEDDING_MODEL = "text-embedding-3-small";

    enum StepType {
        AGENT,
        CHAIN,
        GENERATION,
        TOOL,
        RETRIEVER,
        EMBEDDING
    }

    record Document(String id, double score, String text) {}

    record Score(String id, String name, double value) {}

    /**
     * One span. Generations: system prompt, {@code input} (history without the system prompt),
     * {@code output}, model, usage. Tools: the call and its result. Retrievers: {@code query} and
     * documents. Embeddings: {@code query} (the embedded text), model, input tokens. Roots: the
     * question ({@code query}) and the answer ({@code output}). {@code error} is null unless it failed.
     */
    record Step(String spanId, String parentId, StepType type, String name, long startNanos, long endNanos,
            String model, String provider, String systemPrompt, List<Message> input, Message output,
            long inputTokens, long outputTokens, ToolCall toolCall, String toolResult, String query,
            List<Document> documents, String error) {}

    /** One turn of a session: a trace; the root step comes first. */
    record Trace(String traceId, String sessionId, String userId, int turn, List<Step> steps, List<Score> scores) {
        Step root() {
            return steps.getFirst();
        }
    }

    private static final class Session {
        final String id;
        final String userId;
        final boolean agent;
        final String model;
        final String systemPrompt;
        final List<Message> history = new ArrayList<>();
        final int turns;
        int turn;

        Session(String id, String userId, boolean agent, String model, String systemPrompt, int turns) {
            this.id = id;
            this.userId = userId;
            this.agent = agent;
            this.model = model;
            this.systemPrompt = systemPrompt;
            this.turns = turns;
        }
    }

    private final SplittableRandom random;
    private final Prose prose;
    private final List<String> systemPrompts = new ArrayList<>();
    private final List<Session> open = new ArrayList<>();
    private long clockNanos = GenAiTraffic.EPOCH.getEpochSecond() * 1_000_000_000L;
    private int sessions;

    SessionTraffic(long seed) {
        this.random = new SplittableRandom(seed);
        // Fixed prompts whatever the seed, as a deployed application repeats the same few.
        Prose promptProse = new Prose(new SplittableRandom(0x5E5510));
        for (int i = 0; i < 4; i++) {
            systemPrompts.add("You are the assistant of Acme Outfitters. Cite the article you used and call a tool "
                    + "whenever an order, account or policy detail is needed.\n\nRules:\n"
                    + promptProse.paragraph(2_200 + 150 * i));
        }
        this.prose = new Prose(random.split());
    }

    /** The next traces until they hold at least {@code spans} spans together. */
    List<Trace> traces(int spans) {
        List<Trace> result = new ArrayList<>();
        int total = 0;
        while (total < spans) {
            Trace trace = next();
            result.add(trace);
            total += trace.steps().size();
        }
        return result;
    }

    Trace next() {
        while (open.size() < OPEN_SESSIONS) {
            open.add(newSession());
        }
        int index = random.nextInt(open.size());
        Session session = open.get(index);
        Trace trace = session.agent ? agentTurn(session) : chatTurn(session);
        if (++session.turn >= session.turns) {
            open.remove(index);
        }
        return trace;
    }

    private Session newSession() {
        sessions++;
        String user = "user-" + random.nextInt(500);
        String model = MODELS[random.nextInt(MODELS.length)];
        return new Session("session-" + sessions + "-" + hex(4), user, random.nextBoolean(), model,
                systemPrompts.get(random.nextInt(systemPrompts.size())), 1 + random.nextInt(6));
    }

    private Trace chatTurn(Session session) {
        String traceId = hex(16);
        String rootId = hex(8);
        long start = tick();
        String question = prose.question();
        List<Step> steps = new ArrayList<>();
        steps.add(null);
        long now = start + 1_000_000L;
        long embedEnd = now + 20_000_000L + random.nextInt(80) * 1_000_000L;
        steps.add(new Step(hex(8), rootId, StepType.EMBEDDING, "embeddings " + EMBEDDING_MODEL, now, embedEnd,
                EMBEDDING_MODEL, "openai", null, List.of(), null, question.length() / 4, 0, null, null, question, List.of(), null));
        now = embedEnd + 1_000_000L;
        List<Document> documents = new ArrayList<>();
        int k = 3 + random.nextInt(4);
        for (int i = 0; i < k; i++) {
            documents.add(new Document("kb-" + random.nextInt(20_000), 0.5 + random.nextInt(500) / 1000.0,
                    prose.paragraph(300 + random.nextInt(400))));
        }
        long retrieveEnd = now + 10_000_000L + random.nextInt(60) * 1_000_000L;
        steps.add(new Step(hex(8), rootId, StepType.RETRIEVER, "retrieve knowledge-base", now, retrieveEnd, null, null,
                null, List.of(), null, 0, 0, null, null, question, List.copyOf(documents), null));
        now = retrieveEnd + 1_000_000L;
        StringBuilder prompt = new StringBuilder(question).append("\n\nContext:\n");
        documents.forEach(document -> prompt.append("[").append(document.id()).append("] ").append(document.text()).append('\n'));
        session.history.add(Message.text("user", prompt.toString()));
        Step generation = generation(session, rootId, now, null);
        steps.add(generation);
        String error = generation.error();
        Message answer = generation.output();
        if (answer != null) {
            session.history.add(answer);
        }
        steps.set(0, new Step(rootId, null, StepType.CHAIN, "rag-chat", start, generation.endNanos() + 1_000_000L, null,
                null, null, List.of(), answer, 0, 0, null, null, question, List.of(), error));
        return new Trace(traceId, session.id, session.userId, session.turn + 1, List.copyOf(steps), scores());
    }

    private Trace agentTurn(Session session) {
        String traceId = hex(16);
        String rootId = hex(8);
        long start = tick();
        String question = prose.question();
        session.history.add(Message.text("user", question));
        List<Step> steps = new ArrayList<>();
        steps.add(null);
        long now = start + 2_000_000L;
        int rounds = 1 + random.nextInt(3);
        Step generation = null;
        for (int round = 0; round <= rounds; round++) {
            String tool = round < rounds ? TOOLS[random.nextInt(TOOLS.length)] : null;
            generation = generation(session, rootId, now, tool);
            steps.add(generation);
            now = generation.endNanos() + 1_000_000L;
            if (generation.error() != null || tool == null) {
                break;
            }
            session.history.add(generation.output());
            ToolCall call = generation.output().toolCalls().getFirst();
            boolean failed = random.nextInt(100) < 3;
            String result = failed ? "{\"error\":\"upstream timeout after 10000 ms\",\"retryable\":true}" : prose.toolResult(tool);
            long toolEnd = now + 30_000_000L + random.nextInt(400) * 1_000_000L;
            steps.add(new Step(hex(8), rootId, StepType.TOOL, "execute_tool " + tool, now, toolEnd, null, null, null,
                    List.of(), null, 0, 0, call, result, null, List.of(), failed ? "upstream timeout after 10000 ms" : null));
            session.history.add(new Message("tool", result, List.of(), call.id()));
            now = toolEnd + 1_000_000L;
        }
        Message answer = generation.error() == null ? generation.output() : null;
        if (answer != null) {
            session.history.add(answer);
        }
        steps.set(0, new Step(rootId, null, StepType.AGENT, "invoke_agent support-agent", start, now, null, null, null,
                List.of(), answer, 0, 0, null, null, question, List.of(), generation.error()));
        return new Trace(traceId, session.id, session.userId, session.turn + 1, List.copyOf(steps), scores());
    }

    // A chat call with the session's whole history; with a tool, it answers with a call of that tool.
    private Step generation(Session session, String rootId, long start, String tool) {
        long end = start + 400_000_000L + random.nextInt(2_000) * 1_000_000L;
        String provider = session.model.startsWith("claude") ? "anthropic" : "openai";
        long inputTokens = (session.systemPrompt.length() + chars(session.history)) / 4;
        List<Message> input = List.copyOf(session.history);
        if (random.nextInt(100) < 2) {
            return new Step(hex(8), rootId, StepType.GENERATION, "chat " + session.model, start, start + 150_000_000L,
                    session.model, provider, session.systemPrompt, input, null, inputTokens, 0, null, null, null, List.of(),
                    "429 Too Many Requests: rate limit reached for " + session.model);
        }
        Message output;
        if (tool == null) {
            output = Message.text("assistant", prose.paragraph(400 + random.nextInt(800)));
        } else {
            ToolCall call = new ToolCall("call_" + hex(12), tool, prose.toolArguments(tool));
            output = new Message("assistant", null, List.of(call), null);
        }
        long outputTokens = Math.max(12, chars(List.of(output)) / 4);
        return new Step(hex(8), rootId, StepType.GENERATION, "chat " + session.model, start, end, session.model, provider,
                session.systemPrompt, input, output, inputTokens, outputTokens, null, null, null, List.of(), null);
    }

    private List<Score> scores() {
        List<Score> scores = new ArrayList<>();
        if (random.nextInt(100) < 40) {
            scores.add(new Score(hex(8), "user-feedback", random.nextInt(100) < 80 ? 1 : 0));
        }
        if (random.nextInt(100) < 25) {
            scores.add(new Score(hex(8), "helpfulness", random.nextInt(1_001) / 1000.0));
        }
        return List.copyOf(scores);
    }

    private long tick() {
        long start = clockNanos;
        clockNanos += 40_000_000L + random.nextInt(60) * 1_000_000L; // turns start 40-100 ms apart
        return start;
    }

    private static long chars(List<Message> messages) {
        long chars = 0;
        for (Message message : messages) {
            chars += message.text() == null ? 0 : message.text().length();
            for (ToolCall call : message.toolCalls()) {
                chars += call.name().length() + call.argumentsJson().length();
            }
        }
        return chars;
    }

    private String hex(int bytes) {
        byte[] id = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            id[i] = (byte) random.nextInt(256);
        }
        id[0] |= 1; // never all zeros, which OTLP calls invalid
        return HEX.formatHex(id);
    }

    /** Readable filler from a fixed vocabulary: compresses like prose, not like random bytes. */
    private static final class Prose extends RandomProse {
        private static final String[] WORDS = ("the a to of and in for is on that with your this it be as are can order "
                + "account refund shipping delivery invoice payment card subscription plan upgrade customer support "
                + "ticket issue problem error status update tracking number warehouse package address billing charge "
                + "discount return policy days eligible item product size color stock available estimate arrival carrier "
                + "express standard fee tax receipt email password login reset verify security settings notification "
                + "language region currency replacement damaged missing wrong late please thank sorry help check confirm "
                + "cancel change request escalate document article knowledge base search result relevant section step "
                + "first then next finally note important always never only if when after before because however also "
                + "may should must will would could we our they their there here what which how why where who").split(" ");

        Prose(SplittableRandom random) {
            super(random, WORDS);
        }

        String question() {
            return paragraph(80 + random.nextInt(300)) + " Order #" + (100_000 + random.nextInt(900_000)) + "?";
        }

        String toolArguments(String tool) {
            return switch (tool) {
                case "search_docs" -> "{\"query\":\"" + sentence() + "\",\"top_k\":" + (3 + random.nextInt(5)) + "}";
                case "lookup_order" -> "{\"order_id\":\"" + (100_000 + random.nextInt(900_000)) + "\"}";
                default -> "{\"customer_id\":\"cus_" + Long.toHexString(random.nextLong()) + "\"}";
            };
        }

        String toolResult(String tool) {
            StringBuilder json = new StringBuilder("{\"tool\":\"").append(tool).append("\",\"results\":[");
            int documents = 2 + random.nextInt(3);
            for (int i = 0; i < documents; i++) {
                json.append(i == 0 ? "" : ",").append("{\"id\":\"doc-").append(random.nextInt(10_000))
                        .append("\",\"text\":\"").append(paragraph(150 + random.nextInt(250))).append("\"}");
            }
            return json.append("]}").toString();
        }
    }
}
