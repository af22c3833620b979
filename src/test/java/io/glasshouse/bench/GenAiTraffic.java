package io.glasshouse.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic GenAI agent traffic, independent of any wire format: the same seed gives the same
 * runs, ids, texts and timings. One run is what a tool-using support agent records for one user
 * question:
 * <pre>
 *   invoke_agent support-agent            (AGENT, root: the question and the final answer)
 *   ├── chat gpt-4o                       (GENERATION: system prompt + history → a tool call)
 *   ├── execute_tool search_docs          (TOOL: arguments → retrieved documents)
 *   ├── chat gpt-4o                       (history has grown by the call and its result)
 *   ├── ...                               (1–4 tool rounds)
 *   └── chat gpt-4o                       (→ the final answer)
 * </pre>
 * Every generation repeats one of a few long system prompts and carries the whole history so far,
 * as chat APIs are called, so later generations in a run are larger. With the defaults a span
 * averages about 4.5 KB in OTLP protobuf (the run prints the measured figure).
 */
final class GenAiTraffic {
    /** The spans' clock starts here, so a seed always produces the same timestamps. */
    static final Instant EPOCH = Instant.parse("2026-01-15T09:00:00Z");

    private static final HexFormat HEX = HexFormat.of();
    private static final int SYSTEM_PROMPTS = 4;
    private static final String[] MODELS = {"gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "claude-sonnet-4-20250514"};
    private static final String[] TOOLS = {"search_docs", "lookup_order", "get_customer_account"};

    enum Kind {
        AGENT,
        GENERATION,
        TOOL
    }

    /** A chat message: text, or tool calls (assistant), or a tool result (role tool, with its call id). */
    record Message(String role, String text, List<ToolCall> toolCalls, String toolCallId) {
        static Message text(String role, String text) {
            return new Message(role, text, List.of(), null);
        }
    }

    record ToolCall(String id, String name, String argumentsJson) {}

    /**
     * One span. For generations: {@code systemPrompt}, {@code input} (history without the system
     * prompt), {@code output} (one assistant message), model and usage. For tools: the call and
     * {@code toolResult}. For the agent: {@code input} = the question, {@code output} = the answer.
     */
    record Span(
            String traceId,
            String spanId,
            String parentSpanId,
            Kind kind,
            String name,
            long startEpochNanos,
            long endEpochNanos,
            String model,
            String provider,
            String systemPrompt,
            List<Message> input,
            Message output,
            long inputTokens,
            long outputTokens,
            double temperature,
            int maxTokens,
            String responseId,
            ToolCall toolCall,
            String toolResult) {}

    /** One agent run: a trace. The root span comes first. */
    record Run(String traceId, String userId, String sessionId, List<Span> spans) {
        Span root() {
            return spans.getFirst();
        }
    }

    private final SplittableRandom random;
    private final List<String> systemPrompts;
    private final Words words;
    private long clockNanos;

    GenAiTraffic(long seed) {
        this.random = new SplittableRandom(seed);
        // The system prompts depend on nothing but this constant: every seed repeats the same ones,
        // as a deployed application does.
        Words promptWords = new Words(new SplittableRandom(0x5157E4));
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < SYSTEM_PROMPTS; i++) {
            prompts.add(promptWords.systemPrompt(2_400 + 150 * i));
        }
        this.systemPrompts = List.copyOf(prompts);
        this.words = new Words(random.split());
        this.clockNanos = EPOCH.getEpochSecond() * 1_000_000_000L + 1_000_000L * random.nextInt(1_000);
    }

    /** The next runs until they hold at least {@code spans} spans together. */
    List<Run> runs(int spans) {
        List<Run> result = new ArrayList<>();
        int total = 0;
        while (total < spans) {
            Run run = next();
            result.add(run);
            total += run.spans().size();
        }
        return result;
    }

    Run next() {
        String traceId = hex(16);
        String userId = "user-" + random.nextInt(500);
        String sessionId = "session-" + userId.substring(5) + "-" + random.nextInt(4);
        int model = random.nextInt(MODELS.length);
        String modelName = MODELS[model];
        String provider = modelName.startsWith("claude") ? "anthropic" : "openai";
        String systemPrompt = systemPrompts.get(random.nextInt(SYSTEM_PROMPTS));
        double temperature = random.nextInt(3) * 0.35;
        int maxTokens = 1024 * (1 + random.nextInt(4));

        String rootId = hex(8);
        long start = clockNanos;
        clockNanos += 40_000_000L + random.nextInt(60) * 1_000_000L; // runs start 40-100 ms apart
        long now = start + 2_000_000L;
        Message question = Message.text("user", words.question());
        List<Message> history = new ArrayList<>(List.of(question));
        List<Span> spans = new ArrayList<>();
        spans.add(null); // the root, once its end and answer are known

        int rounds = 1 + random.nextInt(4);
        for (int round = 0; round <= rounds; round++) {
            boolean last = round == rounds;
            long generationStart = now;
            long generationEnd = generationStart + 400_000_000L + random.nextInt(2_000) * 1_000_000L;
            Message answer;
            ToolCall call = null;
            if (last) {
                answer = Message.text("assistant", words.answer());
            } else {
                String tool = TOOLS[random.nextInt(TOOLS.length)];
                call = new ToolCall("call_" + hex(12), tool, words.toolArguments(tool));
                answer = new Message("assistant", random.nextInt(3) == 0 ? words.sentence() : null, List.of(call), null);
            }
            long inputTokens = (systemPrompt.length() + chars(history)) / 4;
            long outputTokens = Math.max(1, chars(List.of(answer)) / 4);
            spans.add(new Span(traceId, hex(8), rootId, Kind.GENERATION, "chat " + modelName, generationStart,
                    generationEnd, modelName, provider, systemPrompt, List.copyOf(history), answer, inputTokens,
                    outputTokens, temperature, maxTokens, "chatcmpl-" + hex(12), null, null));
            now = generationEnd + 1_000_000L;
            history.add(answer);
            if (last) {
                break;
            }
            long toolEnd = now + 30_000_000L + random.nextInt(400) * 1_000_000L;
            String result = words.toolResult(call.name());
            spans.add(new Span(traceId, hex(8), rootId, Kind.TOOL, "execute_tool " + call.name(), now, toolEnd, null,
                    null, null, List.of(), null, 0, 0, 0, 0, null, call, result));
            history.add(new Message("tool", result, List.of(), call.id()));
            now = toolEnd + 1_000_000L;
        }
        Message finalAnswer = spans.getLast().output();
        spans.set(0, new Span(traceId, rootId, null, Kind.AGENT, "invoke_agent support-agent", start, now, null, null,
                null, List.of(question), finalAnswer, 0, 0, 0, 0, null, null, null));
        return new Run(traceId, userId, sessionId, List.copyOf(spans));
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

    /** Readable filler text from a fixed vocabulary: compresses like prose, not like random bytes. */
    private static final class Words extends RandomProse {
        private static final String[] VOCABULARY = ("the a to of and in for is on that with your this it be as are can "
                + "order account refund shipping delivery invoice payment card subscription plan upgrade downgrade "
                + "customer support agent ticket issue problem error message status update tracking number warehouse "
                + "package address billing cycle charge discount coupon return policy days within eligible item product "
                + "size color stock available backorder estimate arrival carrier express standard international fee "
                + "tax receipt email password login reset verify identity security settings notification preference "
                + "language region currency exchange replacement damaged missing wrong late early please thank you "
                + "sorry understand help check confirm cancel change request escalate manager policy document article "
                + "knowledge base search result relevant section according step first then next finally note important "
                + "always never only if when after before because however therefore also may might should must will "
                + "would could customer's team we our they their there here what which how why where who").split(" ");

        Words(SplittableRandom random) {
            super(random, VOCABULARY);
        }

        String systemPrompt(int chars) {
            return "You are the customer support assistant of Acme Outfitters. Answer in the customer's language, "
                    + "cite the knowledge base article you used, and call a tool whenever an order, account or policy "
                    + "detail is needed.\n\nRules:\n" + paragraph(chars - 220);
        }

        String question() {
            return paragraph(120 + random.nextInt(380)) + " Order #" + (100_000 + random.nextInt(900_000)) + "?";
        }

        String answer() {
            return paragraph(400 + random.nextInt(800));
        }

        String toolArguments(String tool) {
            return switch (tool) {
                case "search_docs" -> "{\"query\":\"" + sentence() + "\",\"top_k\":" + (3 + random.nextInt(5)) + "}";
                case "lookup_order" -> "{\"order_id\":\"" + (100_000 + random.nextInt(900_000)) + "\",\"include\":[\"items\",\"shipments\"]}";
                default -> "{\"customer_id\":\"cus_" + Long.toHexString(random.nextLong()) + "\"}";
            };
        }

        String toolResult(String tool) {
            StringBuilder json = new StringBuilder("{\"tool\":\"").append(tool).append("\",\"results\":[");
            int documents = 2 + random.nextInt(4);
            for (int i = 0; i < documents; i++) {
                json.append(i == 0 ? "" : ",")
                        .append("{\"id\":\"doc-").append(random.nextInt(10_000))
                        .append("\",\"score\":0.").append(100 + random.nextInt(900))
                        .append(",\"text\":\"").append(paragraph(180 + random.nextInt(320))).append("\"}");
            }
            return json.append("]}").toString();
        }
    }
}
