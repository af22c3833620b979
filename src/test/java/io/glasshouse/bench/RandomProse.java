package io.glasshouse.bench;

import java.util.SplittableRandom;

/**
 * Readable filler text from a fixed vocabulary, drawn with a seeded random: it compresses like
 * prose, not like random bytes. Workload generators extend it with their own vocabulary and
 * message shapes.
 */
class RandomProse {
    protected final SplittableRandom random;
    private final String[] vocabulary;

    RandomProse(SplittableRandom random, String[] vocabulary) {
        this.random = random;
        this.vocabulary = vocabulary.clone();
    }

    String sentence() {
        int length = 8 + random.nextInt(14);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            String word = vocabulary[random.nextInt(vocabulary.length)];
            text.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            text.append(i == length - 1 ? "." : " ");
        }
        return text.toString();
    }

    String paragraph(int chars) {
        StringBuilder text = new StringBuilder();
        while (text.length() < chars) {
            text.append(sentence()).append(' ');
        }
        return text.toString().strip();
    }
}
