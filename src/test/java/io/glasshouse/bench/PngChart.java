package io.glasshouse.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A horizontal grouped bar chart drawn with java.awt (headless) and written as PNG: one group of
 * bars per label, one bar per series, the value printed at the end of each bar. Negative values
 * mean "not measured" and draw no bar.
 */
final class PngChart {
    private static final Color[] PALETTE = {new Color(0x2E7D32), new Color(0x1565C0), new Color(0xEF6C00), new Color(0x6A1B9A), new Color(0xC62828)};
    private static final int WIDTH = 900;
    private static final int BAR = 18;
    private static final int GAP = 14;
    private static final int LEFT = 260;
    private static final int RIGHT = 110;
    private static final int TOP = 64;

    record Series(String name, double[] values) {}

    private PngChart() {}

    static void bars(Path file, String title, String unit, List<String> labels, List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int groupHeight = series.size() * BAR + GAP;
        int height = TOP + labels.size() * groupHeight + 40;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title + " (" + unit + ")", 16, 24);
            legend(g, series);
            double max = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.values())).max().orElse(1);
            max = max <= 0 ? 1 : max;
            int plotWidth = WIDTH - LEFT - RIGHT;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics metrics = g.getFontMetrics();
            for (int i = 0; i < labels.size(); i++) {
                int y = TOP + i * groupHeight;
                g.setColor(Color.BLACK);
                String label = labels.get(i);
                g.drawString(label, LEFT - 10 - metrics.stringWidth(label), y + series.size() * BAR / 2 + 5);
                for (int s = 0; s < series.size(); s++) {
                    double value = series.get(s).values()[i];
                    int barY = y + s * BAR;
                    if (value < 0) {
                        g.setColor(Color.GRAY);
                        g.drawString("not measured", LEFT + 4, barY + BAR - 5);
                        continue;
                    }
                    int w = (int) Math.max(1, Math.round(plotWidth * value / max));
                    g.setColor(PALETTE[s % PALETTE.length]);
                    g.fillRect(LEFT, barY + 1, w, BAR - 2);
                    g.setColor(Color.BLACK);
                    g.drawString(format(value), LEFT + w + 6, barY + BAR - 5);
                }
            }
            g.setColor(Color.LIGHT_GRAY);
            g.setStroke(new BasicStroke(1));
            g.drawLine(LEFT, TOP - 4, LEFT, height - 30);
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static void legend(Graphics2D g, List<Series> series) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = 16;
        for (int s = 0; s < series.size(); s++) {
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(x, 36, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s).name(), x + 16, 46);
            x += 28 + g.getFontMetrics().stringWidth(series.get(s).name());
        }
    }

    static String format(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
