package io.glasshouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPngChart {
    @TempDir
    Path dir;

    @Test
    void drawsOneBarPerSeriesAndLabelProportionalToItsValue() throws Exception {
        Path file = dir.resolve("chart.png");
        PngChart.bars(file, "Throughput", "spans/s", List.of("a", "b"),
                List.of(new PngChart.Series("p50", new double[] {100, 50}), new PngChart.Series("p99", new double[] {-1, 25})));

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        // The longest bar (a, p50) spans the plot; b's p50 half of it; "not measured" draws none.
        assertThat(barLength(image, 64 + 9)).isEqualTo(529);
        assertThat(barLength(image, 64 + 50 + 9)).isEqualTo(264);
        assertThat(barLength(image, 64 + 18 + 9)).isZero();
    }

    // Coloured pixels on one row, right of the axis line (x = 260, drawn over the bars' first column).
    private static int barLength(BufferedImage image, int y) {
        int x = 261;
        while (x < image.getWidth() && isBar(image.getRGB(x, y))) {
            x++;
        }
        return x - 261;
    }

    private static boolean isBar(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        return !(r > 200 && g > 200 && b > 200) && !(r < 60 && g < 60 && b < 60) && Math.abs(r - g) + Math.abs(g - b) > 30;
    }
}
