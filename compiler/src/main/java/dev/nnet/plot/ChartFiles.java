package dev.nnet.plot;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes a chart as PNG or SVG, chosen by the file's extension. The file is written beside its final name and
 * renamed, so an image viewer refreshing during a live plot never shows half a file.
 */
public final class ChartFiles {
    private ChartFiles() {
    }

    /** The output kinds, for messages. */
    public static final String KINDS = ".png or .svg";

    /** Throws a {@link PlotException} unless {@code file} ends in .png or .svg (any case). */
    public static void checkExtension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw new PlotException("cannot tell the image format of '" + file + "': name it " + KINDS);
        }
    }

    public static void write(JFreeChart chart, Path file, int width, int height) {
        checkExtension(file);
        // Charts need fonts but never a display: keep AWT from looking for one (a server has none).
        System.setProperty("java.awt.headless", "true");
        Path absolute = file.toAbsolutePath();
        Path tmp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
        try {
            Files.createDirectories(absolute.getParent());
            if (absolute.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
                SVGGraphics2D g = new SVGGraphics2D(width, height);
                chart.draw(g, new Rectangle(0, 0, width, height));
                Files.writeString(tmp, g.getSVGDocument(), StandardCharsets.UTF_8);
            } else {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    ChartUtils.writeChartAsPNG(out, chart, width, height);
                }
            }
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PlotException("cannot write '" + file + "': " + e.getMessage());
        }
    }
}
