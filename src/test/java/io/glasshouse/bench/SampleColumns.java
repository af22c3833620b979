package io.glasshouse.bench;

import java.util.List;

/** Summaries of one column of measured samples (each sample an array of figures), for the scratch profilers. */
public final class SampleColumns {
    private SampleColumns() {}

    /** The upper median: the middle value, or the higher of the two middle ones. */
    public static double median(List<double[]> samples, int column) {
        double[] values = samples.stream().mapToDouble(sample -> sample[column]).sorted().toArray();
        return values[values.length / 2];
    }

    public static double mean(List<double[]> samples, int column) {
        return samples.stream().mapToDouble(sample -> sample[column]).average().orElseThrow();
    }

    public static double min(List<double[]> samples, int column) {
        return samples.stream().mapToDouble(sample -> sample[column]).min().orElseThrow();
    }
}
