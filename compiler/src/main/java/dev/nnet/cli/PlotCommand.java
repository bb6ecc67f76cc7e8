package dev.nnet.cli;

import dev.nnet.plot.ChartFiles;
import dev.nnet.plot.CurvesChart;
import dev.nnet.plot.MetricsFile;
import dev.nnet.plot.PlotException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nnet plot metrics.jsonl -o curves.png}: the loss and accuracy curves of a run, as PNG or SVG. */
@Command(name = "plot", description = "Draw the loss and accuracy curves of a metrics log (from nnet train "
        + "--metrics F) as a PNG or SVG image.")
final class PlotCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "METRICS", description = "A JSON-lines metrics log.")
    Path metrics;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "IMAGE",
            description = "The image to write: .png or .svg.")
    Path output;

    @Option(names = "--title", paramLabel = "TEXT", description = "The chart's title (default: the log's file name).")
    String title;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "900x600",
            description = "Image size in pixels (default: ${DEFAULT-VALUE}).")
    String size;

    @Override
    int run() {
        try {
            ChartFiles.checkExtension(output);
            int[] wh = size(size);
            String name = title != null ? title : String.valueOf(metrics.getFileName());
            ChartFiles.write(CurvesChart.of(MetricsFile.read(metrics), name), output, wh[0], wh[1]);
        } catch (PlotException e) {
            err().println("nnet: error: " + e.getMessage());
            return Nnetc.ERRORS;
        }
        out().println("Wrote " + output);
        return Nnetc.OK;
    }

    /** {@code 900x600} as {@code {900, 600}}; each side 100 to 10000 pixels. */
    static int[] size(String text) {
        String[] parts = text.split("x", -1);
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0]);
                int h = Integer.parseInt(parts[1]);
                if (w >= 100 && h >= 100 && w <= 10_000 && h <= 10_000) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--size takes WIDTHxHEIGHT in pixels, each 100 to 10000, e.g. 900x600; found "
                + text);
    }
}
