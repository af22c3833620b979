package io.glasshouse.ingest.pricing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts tokens for a generation that arrived without usage, as Langfuse's worker does:
 * <ul>
 *   <li>The text is the stored JSON; a JSON string counts as its content, other JSON values as
 *       their compact serialisation, text that is not JSON as itself.
 *   <li>For chat models, an array of messages (every item has a string {@code role} and a
 *       string {@code content}, and a string {@code name} if any) counts
 *       {@code tokensPerMessage} per message, the tokens of its {@code content}, {@code role},
 *       {@code name}, {@code tool_calls}, {@code function_call} (and camelCase) values when
 *       truthy, {@code tokensPerName} when it has a name, and 3 for the reply primer.
 *   <li>Special tokens such as {@code <|endoftext|>} count as one token (tiktoken's
 *       {@code allowedSpecial: "all"}).
 * </ul>
 * Differences, on purpose: tool-call objects count as their JSON text (Langfuse passes the object
 * to tiktoken, which sees "[object Object]"); Claude models are never counted (Langfuse uses the
 * legacy Claude-2 tokenizer, which is not available here and is wrong for current models anyway).
 *
 * <p>Bounded: when input or output is longer than {@code maxChars}, nothing is counted, the same
 * outcome as Langfuse's tokenizer timeout. A missing count is visible to users; a guessed one
 * would not be.
 */
final class TokenCounter {
    /** 1 MiB of characters per side; jtokkit does that in tens of milliseconds. */
    static final int DEFAULT_MAX_CHARS = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final List<String> COUNTED_MESSAGE_KEYS =
            List.of("content", "role", "name", "tool_calls", "function_call", "toolCalls", "functionCall");

    /** Every reply is primed with {@code <|start|>assistant<|message|>}. */
    private static final int REPLY_PRIMER_TOKENS = 3;

    private static final Map<String, Set<String>> SPECIAL_TOKENS = Map.of(
            OpenAiEncodings.R50K_BASE, Set.of("<|endoftext|>"),
            OpenAiEncodings.P50K_BASE, Set.of("<|endoftext|>"),
            OpenAiEncodings.P50K_EDIT, Set.of("<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>"),
            OpenAiEncodings.CL100K_BASE,
                    Set.of("<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>"),
            OpenAiEncodings.O200K_BASE, Set.of("<|endoftext|>", "<|endofprompt|>"));

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    private final int maxChars;

    TokenCounter(int maxChars) {
        if (maxChars <= 0) {
            throw new IllegalArgumentException("maxChars must be positive");
        }
        this.maxChars = maxChars;
    }

    /**
     * {@code input}, {@code output} (each when its text is present) and {@code total} (when either
     * is above zero); empty when this tokenizer cannot count or a text is over the limit.
     */
    Map<String, Long> count(TokenizerConfig tokenizer, String input, String output) {
        if (tokenizer == null || !TokenizerConfig.OPENAI.equals(tokenizer.tokenizerId())) {
            return Map.of();
        }
        if ((input != null && input.length() > maxChars) || (output != null && output.length() > maxChars)) {
            return Map.of();
        }
        var text = new Text(
                registry.getEncoding(EncodingType.fromName(tokenizer.encoding()).orElseThrow()),
                SPECIAL_TOKENS.get(tokenizer.encoding()));
        Integer inputTokens = count(text, tokenizer, input);
        Integer outputTokens = count(text, tokenizer, output);
        var usage = new LinkedHashMap<String, Long>();
        if (inputTokens != null) {
            usage.put("input", inputTokens.longValue());
        }
        if (outputTokens != null) {
            usage.put("output", outputTokens.longValue());
        }
        // Langfuse: total only when one side counted something (0 is falsy there).
        if ((inputTokens != null && inputTokens > 0) || (outputTokens != null && outputTokens > 0)) {
            usage.put("total", (long) (inputTokens == null ? 0 : inputTokens) + (outputTokens == null ? 0 : outputTokens));
        }
        return usage;
    }

    private static Integer count(Text text, TokenizerConfig tokenizer, String stored) {
        if (stored == null) {
            return null;
        }
        JsonNode parsed = parse(stored);
        if (parsed == null) {
            return text.tokens(stored);
        }
        if (tokenizer.chatFormat() && isChatMessages(parsed)) {
            return chatTokens(text, tokenizer, parsed);
        }
        return parsed.isTextual() ? text.tokens(parsed.textValue()) : text.tokens(compact(parsed));
    }

    private static int chatTokens(Text text, TokenizerConfig tokenizer, JsonNode messages) {
        int tokens = 0;
        for (JsonNode message : messages) {
            tokens += tokenizer.tokensPerMessage();
            for (Map.Entry<String, JsonNode> field : message.properties()) {
                JsonNode value = field.getValue();
                if (COUNTED_MESSAGE_KEYS.contains(field.getKey()) && truthy(value)) {
                    tokens += value.isTextual() ? text.tokens(value.textValue()) : text.tokens(compact(value));
                }
                if (field.getKey().equals("name")) {
                    tokens += tokenizer.tokensPerName();
                }
            }
        }
        return tokens + REPLY_PRIMER_TOKENS;
    }

    /** Langfuse's test; note that an empty array qualifies (JavaScript's {@code every}). */
    private static boolean isChatMessages(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode item : node) {
            if (!item.isObject()
                    || !item.path("role").isTextual()
                    || !item.path("content").isTextual()
                    || (item.has("name") && !item.get("name").isTextual())) {
                return false;
            }
        }
        return true;
    }

    /** JavaScript truthiness of a JSON value. */
    private static boolean truthy(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isTextual()) {
            return !value.textValue().isEmpty();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0 && !Double.isNaN(value.doubleValue());
        }
        return true;
    }

    private static JsonNode parse(String stored) {
        try {
            JsonNode node = JSON.readTree(stored);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String compact(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serialises", e);
        }
    }

    /** One encoding plus its special tokens, which count as a single token each. */
    private record Text(Encoding encoding, Set<String> specials) {
        int tokens(String text) {
            int tokens = 0;
            int start = 0;
            int from = 0;
            int marker;
            while ((marker = text.indexOf("<|", from)) >= 0) {
                String special = specialAt(text, marker);
                if (special == null) {
                    from = marker + 2;
                    continue;
                }
                tokens += encoding.countTokensOrdinary(text.substring(start, marker)) + 1;
                start = marker + special.length();
                from = start;
            }
            return tokens + encoding.countTokensOrdinary(text.substring(start));
        }

        private String specialAt(String text, int index) {
            for (String special : specials) {
                if (text.startsWith(special, index)) {
                    return special;
                }
            }
            return null;
        }
    }
}
