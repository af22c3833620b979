package io.glasshouse.ingest.pricing;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How to count tokens for a model when a client sends no usage.
 *
 * @param tokenizerId {@code openai} (counted with a tiktoken encoding) or {@code claude}
 *     (Langfuse's legacy Claude tokenizer, which Glasshouse does not have: never counted)
 * @param tokenizerModel the tiktoken model name, as Langfuse's {@code tokenizerConfig.tokenizerModel}
 * @param encoding {@code cl100k_base}, {@code o200k_base}, {@code p50k_base}, {@code p50k_edit} or
 *     {@code r50k_base}; null for claude
 * @param tokensPerMessage with {@code tokensPerName}: chat models; a message array is counted
 *     with per-message overhead. Both null: the text is counted as is.
 */
public record TokenizerConfig(
        String tokenizerId, String tokenizerModel, String encoding, Integer tokensPerMessage, Integer tokensPerName) {
    public static final String OPENAI = "openai";
    public static final String CLAUDE = "claude";

    public TokenizerConfig {
        requireNonNull(tokenizerId, "tokenizerId is null");
        switch (tokenizerId) {
            case OPENAI -> {
                requireNonNull(tokenizerModel, "tokenizerModel is null");
                if (encoding == null || !OpenAiEncodings.isKnownEncoding(encoding)) {
                    throw new IllegalArgumentException("unknown tiktoken encoding '" + encoding + "'");
                }
                if ((tokensPerMessage == null) != (tokensPerName == null)) {
                    throw new IllegalArgumentException("tokensPerMessage and tokensPerName go together");
                }
            }
            case CLAUDE -> {
                if (encoding != null || tokensPerMessage != null || tokensPerName != null) {
                    throw new IllegalArgumentException("the claude tokenizer takes no configuration");
                }
            }
            default -> throw new IllegalArgumentException("unknown tokenizer '" + tokenizerId + "' (use openai or claude)");
        }
    }

    public static TokenizerConfig openAi(String tokenizerModel, String encoding) {
        return new TokenizerConfig(OPENAI, tokenizerModel, encoding, null, null);
    }

    public static TokenizerConfig openAiChat(String tokenizerModel, String encoding, int tokensPerMessage, int tokensPerName) {
        return new TokenizerConfig(OPENAI, tokenizerModel, encoding, tokensPerMessage, tokensPerName);
    }

    public static TokenizerConfig claude() {
        return new TokenizerConfig(CLAUDE, null, null, null, null);
    }

    /**
     * Reads a Langfuse-style definition ({@code tokenizerId} plus {@code tokenizerConfig}
     * {tokenizerModel, tokensPerMessage, tokensPerName}) as Langfuse's worker does: the model must be
     * one tiktoken knows, and the chat overhead applies only to tiktoken's chat models. Empty when
     * Langfuse would not tokenise at all.
     */
    public static Optional<TokenizerConfig> fromLangfuse(
            String tokenizerId, String tokenizerModel, Integer tokensPerMessage, Integer tokensPerName) {
        if (CLAUDE.equals(tokenizerId)) {
            return Optional.of(claude());
        }
        if (!OPENAI.equals(tokenizerId) || tokenizerModel == null) {
            return Optional.empty();
        }
        return OpenAiEncodings.encodingForModel(tokenizerModel).map(encoding -> {
            boolean chat = OpenAiEncodings.isChatModel(tokenizerModel) && tokensPerMessage != null && tokensPerName != null;
            return chat
                    ? openAiChat(tokenizerModel, encoding, tokensPerMessage, tokensPerName)
                    : openAi(tokenizerModel, encoding);
        });
    }

    /** Whether message arrays are counted with per-message overhead. */
    public boolean chatFormat() {
        return tokensPerMessage != null;
    }
}
