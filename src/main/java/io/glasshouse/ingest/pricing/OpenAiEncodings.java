package io.glasshouse.ingest.pricing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which tiktoken encoding a model name uses, and which models count chat messages with
 * per-message overhead. The exact names are the ones Langfuse's worker accepts (tiktoken's
 * model table); the newer OpenAI families (gpt-4o variants, gpt-4.1, gpt-4.5, gpt-5, o1/o3/o4)
 * are matched by prefix and use o200k_base, as tiktoken maps them.
 */
final class OpenAiEncodings {
    static final String R50K_BASE = "r50k_base";
    static final String P50K_BASE = "p50k_base";
    static final String P50K_EDIT = "p50k_edit";
    static final String CL100K_BASE = "cl100k_base";
    static final String O200K_BASE = "o200k_base";

    private static final Set<String> ENCODINGS = Set.of(R50K_BASE, P50K_BASE, P50K_EDIT, CL100K_BASE, O200K_BASE);

    private static final Map<String, String> EXACT = Map.ofEntries(
            Map.entry("davinci-002", CL100K_BASE),
            Map.entry("babbage-002", CL100K_BASE),
            Map.entry("text-davinci-003", P50K_BASE),
            Map.entry("text-davinci-002", P50K_BASE),
            Map.entry("text-davinci-001", R50K_BASE),
            Map.entry("text-curie-001", R50K_BASE),
            Map.entry("text-babbage-001", R50K_BASE),
            Map.entry("text-ada-001", R50K_BASE),
            Map.entry("davinci", R50K_BASE),
            Map.entry("curie", R50K_BASE),
            Map.entry("babbage", R50K_BASE),
            Map.entry("ada", R50K_BASE),
            Map.entry("code-davinci-002", P50K_BASE),
            Map.entry("code-davinci-001", P50K_BASE),
            Map.entry("code-cushman-002", P50K_BASE),
            Map.entry("code-cushman-001", P50K_BASE),
            Map.entry("davinci-codex", P50K_BASE),
            Map.entry("cushman-codex", P50K_BASE),
            Map.entry("text-davinci-edit-001", P50K_EDIT),
            Map.entry("code-davinci-edit-001", P50K_EDIT),
            Map.entry("text-embedding-ada-002", CL100K_BASE),
            Map.entry("text-similarity-davinci-001", R50K_BASE),
            Map.entry("text-similarity-curie-001", R50K_BASE),
            Map.entry("text-similarity-babbage-001", R50K_BASE),
            Map.entry("text-similarity-ada-001", R50K_BASE),
            Map.entry("text-search-davinci-doc-001", R50K_BASE),
            Map.entry("text-search-curie-doc-001", R50K_BASE),
            Map.entry("text-search-babbage-doc-001", R50K_BASE),
            Map.entry("text-search-ada-doc-001", R50K_BASE),
            Map.entry("code-search-babbage-code-001", R50K_BASE),
            Map.entry("code-search-ada-code-001", R50K_BASE),
            // tiktoken's gpt2 encoding has the same ranks as r50k_base
            Map.entry("gpt2", R50K_BASE),
            Map.entry("gpt-3.5-turbo", CL100K_BASE),
            Map.entry("gpt-35-turbo", CL100K_BASE),
            Map.entry("gpt-3.5-turbo-0301", CL100K_BASE),
            Map.entry("gpt-3.5-turbo-0613", CL100K_BASE),
            Map.entry("gpt-3.5-turbo-1106", CL100K_BASE),
            Map.entry("gpt-3.5-turbo-0125", CL100K_BASE),
            Map.entry("gpt-3.5-turbo-16k", CL100K_BASE),
            Map.entry("gpt-3.5-turbo-16k-0613", CL100K_BASE),
            Map.entry("gpt-3.5-turbo-instruct", CL100K_BASE),
            Map.entry("gpt-3.5-turbo-instruct-0914", CL100K_BASE),
            Map.entry("gpt-4", CL100K_BASE),
            Map.entry("gpt-4-0314", CL100K_BASE),
            Map.entry("gpt-4-0613", CL100K_BASE),
            Map.entry("gpt-4-32k", CL100K_BASE),
            Map.entry("gpt-4-32k-0314", CL100K_BASE),
            Map.entry("gpt-4-32k-0613", CL100K_BASE),
            Map.entry("gpt-4-turbo", CL100K_BASE),
            Map.entry("gpt-4-turbo-2024-04-09", CL100K_BASE),
            Map.entry("gpt-4-turbo-preview", CL100K_BASE),
            Map.entry("gpt-4-1106-preview", CL100K_BASE),
            Map.entry("gpt-4-0125-preview", CL100K_BASE),
            Map.entry("gpt-4-vision-preview", CL100K_BASE));

    private static final Set<String> CHAT_MODELS = Set.of(
            "gpt-4", "gpt-4-0314", "gpt-4-0613", "gpt-4-32k", "gpt-4-32k-0314", "gpt-4-32k-0613",
            "gpt-3.5-turbo", "gpt-35-turbo", "gpt-3.5-turbo-0301", "gpt-3.5-turbo-0613", "gpt-3.5-turbo-1106",
            "gpt-3.5-turbo-16k", "gpt-3.5-turbo-16k-0613", "gpt-4-1106-preview", "gpt-4-vision-preview");

    private static final List<String> O200K_CHAT_FAMILIES =
            List.of("gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4");

    private OpenAiEncodings() {}

    static boolean isKnownEncoding(String encoding) {
        return ENCODINGS.contains(encoding);
    }

    static Optional<String> encodingForModel(String model) {
        String exact = EXACT.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        return isO200kFamily(model) ? Optional.of(O200K_BASE) : Optional.empty();
    }

    static boolean isChatModel(String model) {
        return CHAT_MODELS.contains(model) || isO200kFamily(model);
    }

    private static boolean isO200kFamily(String model) {
        for (String family : O200K_CHAT_FAMILIES) {
            if (model.equals(family) || model.startsWith(family + "-")) {
                return true;
            }
        }
        return false;
    }
}
