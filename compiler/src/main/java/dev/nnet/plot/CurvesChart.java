package dev.nnet.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The chart of a run, with JFreeChart: the loss above (training loss as logged, each epoch's mean, each evaluated
 * set's loss) and the accuracy below when a set was evaluated for it, sharing one axis of optimizer steps.
 */
public final class CurvesChart {
    private static final Color[] EVAL_COLORS = {new Color(0xD6, 0x27, 0x28), new Color(0x2C, 0xA0, 0x2C),
            new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B)};
    private static final Color TRAIN = new Color(0x1F, 0x77, 0xB4);
    private static final Color EPOCH = new Color(0xFF, 0x7F, 0x0E);

    private CurvesChart() {
    }

    public static JFreeChart of(MetricsFile m, String title) {
        if (m.isEmpty()) {
            throw new PlotException("nothing to plot: the metrics log has no train, epoch or eval events yet");
        }
        NumberAxis steps = new NumberAxis("optimizer step");
        steps.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(steps);
        plot.setGap(12);

        Panel loss = new Panel("loss");
        loss.add("train loss (mean since previous point)", m.trainLoss(), TRAIN, false);
        loss.add("epoch mean loss", m.epochLoss(), EPOCH, true);
        int color = 0;
        for (Map.Entry<String, List<MetricsFile.Point>> e : m.evalLoss().entrySet()) {
            loss.add(e.getKey() + " loss", e.getValue(), EVAL_COLORS[color++ % EVAL_COLORS.length], true);
        }
        if (loss.hasSeries()) {
            plot.add(loss.plot(), 3);
        }
        Panel accuracy = new Panel("accuracy (%)");
        color = 0;
        for (Map.Entry<String, List<MetricsFile.Point>> e : m.evalAccuracy().entrySet()) {
            accuracy.add(e.getKey() + " accuracy", e.getValue(), EVAL_COLORS[color++ % EVAL_COLORS.length], true);
        }
        if (accuracy.hasSeries()) {
            plot.add(accuracy.plot(), 2);
        }
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** One subplot: a value axis and its series, lines with markers where points are sparse. */
    private static final class Panel {
        private final XYSeriesCollection data = new XYSeriesCollection();
        private final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        private final String axis;

        Panel(String axis) {
            this.axis = axis;
        }

        void add(String name, List<MetricsFile.Point> points, Color color, boolean markers) {
            if (points.isEmpty()) {
                return;
            }
            XYSeries series = new XYSeries(name, false, true);
            points.forEach(p -> series.add(p.step(), p.value()));
            int i = data.getSeriesCount();
            data.addSeries(series);
            renderer.setSeriesPaint(i, color);
            renderer.setSeriesStroke(i, new BasicStroke(markers ? 1.5f : 1.2f));
            renderer.setSeriesShapesVisible(i, markers);
            renderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }

        boolean hasSeries() {
            return data.getSeriesCount() > 0;
        }

        XYPlot plot() {
            NumberAxis values = new NumberAxis(axis);
            values.setAutoRangeIncludesZero(false);
            values.setNumberFormatOverride(java.text.NumberFormat.getNumberInstance(Locale.ROOT));
            XYPlot p = new XYPlot(data, null, values, renderer);
            p.setBackgroundPaint(Color.WHITE);
            p.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
            p.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
            return p;
        }
    }
}
