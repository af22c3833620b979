package io.glasshouse.ingest.otel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The input and output of an observation, each taken from the first convention that has it:
 * <ol>
 *   <li>Langfuse {@code langfuse.observation.input/output};
 *   <li>Vercel AI SDK {@code ai.prompt.messages}, {@code ai.prompt}, {@code ai.toolCall.args} /
 *       {@code ai.response.text} (+ {@code ai.response.toolCalls}), {@code ai.response.object}, …;
 *   <li>OTel GenAI {@code gen_ai.input.messages}/{@code gen_ai.output.messages} attributes, with
 *       {@code gen_ai.system_instructions} prepended as a system message;
 *   <li>the same on a {@code gen_ai.client.inference.operation.details} span event;
 *   <li>deprecated {@code gen_ai.{system,user,assistant,tool}.message} / {@code gen_ai.choice} events;
 *   <li>OpenInference {@code llm.input_messages.*}/{@code llm.output_messages.*};
 *   <li>OpenLLMetry {@code gen_ai.prompt.N.*}/{@code gen_ai.completion.N.*};
 *   <li>Traceloop {@code traceloop.entity.input/output};
 *   <li>OpenInference {@code input.value}/{@code output.value};
 *   <li>OTel GenAI tools {@code gen_ai.tool.call.arguments/result};
 *   <li>(output only) OpenInference {@code retrieval.documents.*}.
 * </ol>
 * Langfuse takes {@code input.value} before the message attributes; we prefer the messages,
 * which are structured, and fall back to {@code input.value}. Every attribute of the conventions
 * above is consumed even when another convention won, as Langfuse does: they are the same payload
 * in another shape, and copying them to metadata would store the largest values twice. (The
 * Vercel keys count only on Vercel AI SDK spans, the only ones whose {@code ai.*} we read.)
 */
final class InputOutput {
    static final String OBSERVATION_INPUT = "langfuse.observation.input";
    static final String OBSERVATION_OUTPUT = "langfuse.observation.output";
    static final String OPERATION_DETAILS_EVENT = "gen_ai.client.inference.operation.details";
    static final Set<String> MESSAGE_EVENTS = Set.of(
            "gen_ai.system.message", "gen_ai.user.message", "gen_ai.assistant.message", "gen_ai.tool.message");
    static final String CHOICE_EVENT = "gen_ai.choice";

    private static final Set<String> VERCEL_PAYLOAD_KEYS = Set.of(
            "ai.prompt.messages", "ai.prompt", "ai.toolCall.args", "ai.response.text", "ai.result.text",
            "ai.toolCall.result", "ai.response.object", "ai.result.object", "ai.response.toolCalls",
            "ai.result.toolCalls");
    private static final Set<String> PAYLOAD_KEYS = Set.of(
            OBSERVATION_INPUT, OBSERVATION_OUTPUT, "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions",
            "gen_ai.prompt", "gen_ai.completion", "traceloop.entity.input", "traceloop.entity.output",
            "input.value", "output.value", "gen_ai.tool.call.arguments", "gen_ai.tool.call.result");
    private static final List<String> PAYLOAD_PREFIXES = List.of(
            "gen_ai.prompt.", "gen_ai.completion.", "llm.input_messages.", "llm.output_messages.");

    private static final TextMemo SYSTEM_MESSAGES = new TextMemo(64, 32 * 1024);

    /** Input and output as JSON text (null when absent) and the indexes of the span events used. */
    record Payload(String input, String output, Set<Integer> eventsUsed) {}

    private InputOutput() {}

    static Payload extract(SpanAttributes attributes, List<Span.Event> events, boolean vercel) {
        Set<Integer> eventsUsed = new HashSet<>();
        String input = input(attributes, events, vercel, eventsUsed);
        String output = output(attributes, events, vercel, eventsUsed);
        attributes.consumeIf(key -> PAYLOAD_KEYS.contains(key) || (vercel && VERCEL_PAYLOAD_KEYS.contains(key))
                || hasPayloadPrefix(key));
        if (input != null && attributes.contains("input.mime_type")) {
            attributes.consume("input.mime_type");
        }
        if (output != null && attributes.contains("output.mime_type")) {
            attributes.consume("output.mime_type");
        }
        return new Payload(input, output, Set.copyOf(eventsUsed));
    }

    // A loop, not a stream: this runs for every attribute of every span.
    private static boolean hasPayloadPrefix(String key) {
        for (String prefix : PAYLOAD_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String input(SpanAttributes a, List<Span.Event> events, boolean vercel, Set<Integer> eventsUsed) {
        JsonNode node = a.json(OBSERVATION_INPUT);
        if (node == null && vercel) {
            node = first(a, "ai.prompt.messages", "ai.prompt", "ai.toolCall.args");
        }
        if (node == null && a.has("gen_ai.input.messages")) {
            return genAiInput(a.json("gen_ai.input.messages"), a.json("gen_ai.system_instructions"));
        }
        if (node == null) {
            int index = indexOf(events, OPERATION_DETAILS_EVENT);
            if (index >= 0) {
                SpanAttributes details = new SpanAttributes(events.get(index).getAttributesList());
                if (details.has("gen_ai.input.messages")) {
                    eventsUsed.add(index);
                    return genAiInput(details.json("gen_ai.input.messages"), details.json("gen_ai.system_instructions"));
                }
            }
        }
        if (node == null) {
            node = messageEvents(events, eventsUsed);
        }
        if (node == null) {
            node = FlattenedPaths.rebuild(a, "llm.input_messages");
        }
        if (node == null) {
            node = a.has("gen_ai.prompt") ? a.json("gen_ai.prompt") : FlattenedPaths.rebuild(a, "gen_ai.prompt");
        }
        if (node == null) {
            node = a.json("traceloop.entity.input");
        }
        if (node == null && a.has("input.value")) {
            return valueText(a.json("input.value"), a.text("input.mime_type"));
        }
        if (node == null) {
            node = a.json("gen_ai.tool.call.arguments");
        }
        if (node == null && a.has("gen_ai.system_instructions")) {
            node = withSystemInstructions(OtelValues.NODES.arrayNode(), a.json("gen_ai.system_instructions"));
        }
        return OtelValues.jsonText(node);
    }

    private static String output(SpanAttributes a, List<Span.Event> events, boolean vercel, Set<Integer> eventsUsed) {
        JsonNode node = a.json(OBSERVATION_OUTPUT);
        if (node == null && vercel) {
            node = vercelOutput(a);
        }
        if (node == null) {
            node = a.json("gen_ai.output.messages");
        }
        if (node == null) {
            int index = indexOf(events, OPERATION_DETAILS_EVENT);
            if (index >= 0) {
                node = new SpanAttributes(events.get(index).getAttributesList()).json("gen_ai.output.messages");
                if (node != null) {
                    eventsUsed.add(index);
                }
            }
        }
        if (node == null) {
            node = choiceEvents(events, eventsUsed);
        }
        if (node == null) {
            node = FlattenedPaths.rebuild(a, "llm.output_messages");
        }
        if (node == null) {
            node = a.has("gen_ai.completion") ? a.json("gen_ai.completion") : FlattenedPaths.rebuild(a, "gen_ai.completion");
        }
        if (node == null) {
            node = a.json("traceloop.entity.output");
        }
        if (node == null && a.has("output.value")) {
            return valueText(a.json("output.value"), a.text("output.mime_type"));
        }
        if (node == null) {
            node = a.json("gen_ai.tool.call.result");
        }
        if (node == null) {
            node = FlattenedPaths.rebuild(a, "retrieval.documents");
            if (node != null) {
                a.consumeIf(key -> key.startsWith("retrieval.documents."));
            }
        }
        return OtelValues.jsonText(node);
    }

    private static JsonNode vercelOutput(SpanAttributes a) {
        if (a.has("ai.response.text") && a.has("ai.response.toolCalls")) {
            ObjectNode message = OtelValues.NODES.objectNode();
            message.put("role", "assistant");
            message.set("content", a.json("ai.response.text"));
            JsonNode toolCalls = a.json("ai.response.toolCalls");
            JsonNode parsed = OtelValues.parsed(toolCalls);
            message.set("tool_calls", parsed != null ? parsed : toolCalls);
            return message;
        }
        return first(a, "ai.response.text", "ai.result.text", "ai.toolCall.result", "ai.response.object",
                "ai.result.object", "ai.response.toolCalls", "ai.result.toolCalls");
    }

    // OpenInference says whether input.value is JSON or text; text stays a string even if it parses.
    private static String valueText(JsonNode value, String mimeType) {
        return "text/plain".equals(mimeType) ? OtelValues.jsonStringLiteral(value) : OtelValues.jsonText(value);
    }

    private static JsonNode first(SpanAttributes a, String... keys) {
        for (String key : keys) {
            JsonNode node = a.json(key);
            if (node != null) {
                return node;
            }
        }
        return null;
    }

    // Messages sent as JSON text take the streaming splice; anything else (structured values,
    // text that is not one JSON array) the tree below.
    private static String genAiInput(JsonNode messages, JsonNode instructions) {
        if (instructions != null && messages.isTextual()) {
            String spliced = SystemInstructionsSplice.splice(messages.textValue(), systemMessage(instructions));
            if (spliced != null) {
                return spliced;
            }
        }
        return OtelValues.jsonText(withSystemInstructions(messages, instructions));
    }

    /**
     * Prepends the system instructions as {@code {"role": "system", "content": text}} unless the
     * messages already hold a system message (Langfuse's shape, shared with the system-message event).
     */
    private static JsonNode withSystemInstructions(JsonNode messages, JsonNode instructions) {
        if (messages == null || instructions == null) {
            return messages;
        }
        if (!(OtelValues.parsed(messages) instanceof ArrayNode array)) {
            return messages;
        }
        for (JsonNode message : array) {
            if ("system".equals(message.path("role").asText(null))) {
                return messages;
            }
        }
        ArrayNode merged = OtelValues.NODES.arrayNode();
        merged.add(systemMessageNode(instructions));
        merged.addAll(array);
        return merged;
    }

    // The JSON text of the system message; instructions sent as text are mostly the same few prompts.
    private static String systemMessage(JsonNode instructions) {
        if (instructions.isTextual()) {
            return SYSTEM_MESSAGES.get(instructions.textValue(),
                    text -> systemMessageNode(OtelValues.NODES.textNode(text)).toString());
        }
        return systemMessageNode(instructions).toString();
    }

    private static ObjectNode systemMessageNode(JsonNode instructions) {
        JsonNode parsedInstructions = OtelValues.parsed(instructions);
        String content;
        if (parsedInstructions instanceof ArrayNode parts) {
            List<String> texts = new ArrayList<>();
            for (JsonNode part : parts) {
                texts.add(part.hasNonNull("content") ? OtelValues.text(part.get("content")) : OtelValues.text(part));
            }
            content = String.join("\n", texts);
        } else {
            content = OtelValues.text(parsedInstructions != null ? parsedInstructions : instructions);
        }
        return OtelValues.NODES.objectNode().put("role", "system").put("content", content);
    }

    private static JsonNode messageEvents(List<Span.Event> events, Set<Integer> eventsUsed) {
        ArrayNode messages = OtelValues.NODES.arrayNode();
        for (int i = 0; i < events.size(); i++) {
            Span.Event event = events.get(i);
            if (MESSAGE_EVENTS.contains(event.getName())) {
                ObjectNode message = messages.addObject();
                message.put("role", event.getName().substring("gen_ai.".length(), event.getName().length() - ".message".length()));
                event.getAttributesList().stream()
                        .filter(kv -> !kv.getKey().equals("gen_ai.system") && !kv.getKey().equals("gen_ai.provider.name"))
                        .forEach(kv -> message.set(kv.getKey(), OtelValues.toJson(kv.getValue())));
                eventsUsed.add(i);
            }
        }
        return messages.isEmpty() ? null : messages;
    }

    // One choice is the output itself; several are an array (Langfuse's shape).
    private static JsonNode choiceEvents(List<Span.Event> events, Set<Integer> eventsUsed) {
        ArrayNode choices = OtelValues.NODES.arrayNode();
        for (int i = 0; i < events.size(); i++) {
            if (CHOICE_EVENT.equals(events.get(i).getName())) {
                ObjectNode choice = OtelValues.toJson(events.get(i).getAttributesList());
                choice.remove(List.of("gen_ai.system", "gen_ai.provider.name"));
                choices.add(choice);
                eventsUsed.add(i);
            }
        }
        if (choices.isEmpty()) {
            return null;
        }
        return choices.size() == 1 ? choices.get(0) : choices;
    }

    private static int indexOf(List<Span.Event> events, String name) {
        for (int i = 0; i < events.size(); i++) {
            if (name.equals(events.get(i).getName())) {
                return i;
            }
        }
        return -1;
    }
}
