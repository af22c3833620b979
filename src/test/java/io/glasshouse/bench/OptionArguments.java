package io.glasshouse.bench;

/**
 * A bench program's command line, read one option value at a time; a missing or out-of-range
 * value fails with the option's name (and the program's usage when the value is missing).
 */
record OptionArguments(String[] args, String usage) {
    String value(String option, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage);
        }
        return args[index];
    }

    int positive(String option, int index) {
        return (int) atLeast(option, index, 1, "must be at least 1");
    }

    long positiveLong(String option, int index) {
        return atLeast(option, index, 1, "must be at least 1");
    }

    int nonNegative(String option, int index) {
        return (int) atLeast(option, index, 0, "must not be negative");
    }

    private long atLeast(String option, int index, long minimum, String rule) {
        long value = Long.parseLong(value(option, index));
        if (value < minimum) {
            throw new IllegalArgumentException(option + " " + rule);
        }
        return value;
    }
}
