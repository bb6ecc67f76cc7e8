package dev.nnet.kernels.bench;

import dev.nnet.kernels.probe.PeakFlops;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@link GemmBench} as one comparison on one thread: for each shape, ours, OpenBLAS and (for shapes of at least
 * {@link #SCALAR_MIN_FLOPS}) the scalar fallback run back to back, so a change in the machine's load hits all three
 * alike; the machine's FMA peak is measured before and after. Prints GFLOP/s from the mean (JMH's 99.9% interval)
 * and from the best iteration, the share of the peak and the ratio to OpenBLAS.
 *
 * <p>Usage: {@code GemmComparison [shape regex [--no-scalar]]}; run the JVM with {@code --add-modules
 * jdk.incubator.vector,jdk.incubator.foreign --enable-native-access=ALL-UNNAMED -Dnnet.threads=1} (forks inherit it).
 */
public final class GemmComparison {
  static final double SCALAR_MIN_FLOPS = 2.0 * (1 << 22);

  private GemmComparison() {}

  public static void main(String[] args) throws Exception {
    String filter = args.length > 0 ? args[0] : ".*";
    boolean withScalar = args.length < 2 || !args[1].equals("--no-scalar");
    String blasMissing = GemmBench.openBlasMissing().orElse(null);
    if (blasMissing != null) {
      System.out.println("OpenBLAS is not measured: " + blasMissing);
    }
    double peakBefore = PeakFlops.oneThread();
    Map<String, Map<String, RunResult>> byShape = new LinkedHashMap<>();
    for (String shape : GemmBench.class.getField("shape").getAnnotation(org.openjdk.jmh.annotations.Param.class)
        .value()) {
      if (!shape.matches(filter)) {
        continue;
      }
      List<String> methods = new ArrayList<>(List.of("nnet"));
      if (blasMissing == null) {
        methods.add("openblas");
      }
      if (withScalar && GemmBench.flops(shape) >= SCALAR_MIN_FLOPS) {
        methods.add("scalar");
      }
      Map<String, RunResult> results = new LinkedHashMap<>();
      for (RunResult r : run(shape, String.join("|", methods))) {
        String benchmark = r.getParams().getBenchmark();
        results.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), r);
      }
      byShape.put(shape, results);
    }
    double peakAfter = PeakFlops.oneThread();
    double peak = Math.max(peakBefore, peakAfter);
    System.out.printf(Locale.ROOT, "%nOne-thread FMA peak (PeakFlops): %.1f before, %.1f after; shares below are of"
        + " %.1f GFLOP/s%n", peakBefore, peakAfter, peak);
    System.out.println("GFLOP/s: mean ± 99.9% interval (best iteration); nnet/BLAS from the means (best)");
    System.out.printf(Locale.ROOT, "%-28s %-22s %7s %-22s %-22s %11s%n", "shape", "nnet", "%peak", "OpenBLAS",
        "scalar", "nnet/BLAS");
    for (Map.Entry<String, Map<String, RunResult>> e : byShape.entrySet()) {
      double flops = GemmBench.flops(e.getKey());
      RunResult ours = e.getValue().get("nnet");
      RunResult blas = e.getValue().get("openblas");
      String ratio = blas == null ? "-" : String.format(Locale.ROOT, "%.2f (%.2f)",
          blas.getPrimaryResult().getScore() / ours.getPrimaryResult().getScore(), best(blas) / best(ours));
      System.out.printf(Locale.ROOT, "%-28s %-22s %6.0f%% %-22s %-22s %11s%n", e.getKey(), cell(ours, flops),
          100 * gflops(flops, ours.getPrimaryResult().getScore()) / peak, cell(blas, flops),
          cell(e.getValue().get("scalar"), flops), ratio);
    }
  }

  private static Collection<RunResult> run(String shape, String methods) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(GemmBench.class.getName() + "\\.(" + methods + ")$")
        .param("shape", shape)
        .forks(1)
        .warmupIterations(5) // under load, C2 may take seconds to compile the Vector API kernels
        .warmupTime(TimeValue.milliseconds(500))
        .measurementIterations(5)
        .measurementTime(TimeValue.milliseconds(400))
        .timeUnit(TimeUnit.MICROSECONDS)
        .mode(Mode.AverageTime)
        .build();
    return new Runner(options).run();
  }

  private static String cell(RunResult r, double flops) {
    if (r == null) {
      return "-";
    }
    double mean = r.getPrimaryResult().getScore();
    double error = r.getPrimaryResult().getScoreError();
    double low = gflops(flops, mean + error);
    double spread = Double.isNaN(error) ? 0 : gflops(flops, mean) - low;
    return String.format(Locale.ROOT, "%.1f ±%.1f (%.1f)", gflops(flops, mean), spread, gflops(flops, best(r)));
  }

  /** Microseconds of the fastest measured iteration. */
  private static double best(RunResult r) {
    return r.getBenchmarkResults().stream()
        .flatMap(b -> b.getIterationResults().stream())
        .mapToDouble(i -> i.getPrimaryResult().getScore())
        .min().orElse(Double.NaN);
  }

  private static double gflops(double flops, double micros) {
    return flops / micros / 1e3;
  }
}
