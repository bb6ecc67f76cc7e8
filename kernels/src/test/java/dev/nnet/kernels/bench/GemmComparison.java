package dev.nnet.kernels.bench;

import dev.nnet.kernels.probe.PeakFlops;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@link #SCALAR_MIN_FLOPS}) the scalar fallback run back to back; the FMA peak is measured before and after. Speed
 * is counted per second of the benchmark thread's CPU time ({@link GemmBench.CpuTime}), which other processes on a
 * shared machine do not stretch as they stretch wall time; the fastest iteration's wall-time GFLOP/s is printed
 * beside it. Prints the share of the peak and the ratio to OpenBLAS.
 *
 * <p>Usage: {@code GemmComparison [shape regex [--no-scalar]]}; run the JVM with {@code --add-modules
 * jdk.incubator.vector,jdk.incubator.foreign --enable-native-access=ALL-UNNAMED -Dnnet.threads=1} (forks inherit it).
 */
public final class GemmComparison {
  static final double SCALAR_MIN_FLOPS = 2.0 * (1 << 23);

  private GemmComparison() {}

  public static void main(String[] args) throws Exception {
    String filter = args.length > 0 ? args[0] : ".*";
    boolean withScalar = args.length < 2 || !args[1].equals("--no-scalar");
    String blasMissing = GemmBench.openBlasMissing().orElse(null);
    if (blasMissing != null) {
      System.out.println("OpenBLAS is not measured: " + blasMissing);
    }
    double peakBefore = PeakFlops.oneThreadCpu();
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
    double peakAfter = PeakFlops.oneThreadCpu();
    double peak = Math.max(peakBefore, peakAfter);
    System.out.printf(Locale.ROOT, "%nOne-thread FMA peak per CPU second (PeakFlops.oneThreadCpu): %.1f before, %.1f"
        + " after; shares below are of %.1f GFLOP/s%n", peakBefore, peakAfter, peak);
    System.out.println("GFLOP/s per second of the benchmark thread's CPU time: median of the iterations"
        + " [slowest, fastest]; wall: from the fastest iteration's wall time. nnet/BLAS: ratio of the medians.");
    System.out.printf(Locale.ROOT, "%-28s %-20s %6s %6s %-20s %6s %-20s %9s%n", "shape", "nnet", "%peak", "wall",
        "OpenBLAS", "wall", "scalar", "nnet/BLAS");
    for (Map.Entry<String, Map<String, RunResult>> e : byShape.entrySet()) {
      double flops = GemmBench.flops(e.getKey());
      RunResult ours = e.getValue().get("nnet");
      RunResult blas = e.getValue().get("openblas");
      String ratio = blas == null ? "-" : String.format(Locale.ROOT, "%.2f", cpuMicros(blas) / cpuMicros(ours));
      System.out.printf(Locale.ROOT, "%-28s %-20s %5.0f%% %6s %-20s %6s %-20s %9s%n", e.getKey(), cell(ours, flops),
          100 * flops / cpuMicros(ours) / 1e3 / peak, wall(ours, flops), cell(blas, flops), wall(blas, flops),
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
    double[] micros = cpuMicrosPerIteration(r);
    return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", flops / cpuMicros(r) / 1e3,
        flops / Arrays.stream(micros).max().orElse(Double.NaN) / 1e3,
        flops / Arrays.stream(micros).min().orElse(Double.NaN) / 1e3);
  }

  private static String wall(RunResult r, double flops) {
    if (r == null) {
      return "-";
    }
    double best = r.getBenchmarkResults().stream()
        .flatMap(b -> b.getIterationResults().stream())
        .mapToDouble(i -> i.getPrimaryResult().getScore())
        .min().orElse(Double.NaN);
    return String.format(Locale.ROOT, "%.1f", flops / best / 1e3);
  }

  /**
   * Median CPU microseconds per call over the measured iterations: under load, C2 sometimes recompiles a kernel
   * late, and one iteration partly interpreted (70 ms a call instead of 0.25) would dominate a mean.
   */
  private static double cpuMicros(RunResult r) {
    double[] micros = cpuMicrosPerIteration(r);
    Arrays.sort(micros);
    int half = micros.length / 2;
    return micros.length % 2 == 1 ? micros[half] : (micros[half - 1] + micros[half]) / 2;
  }

  private static double[] cpuMicrosPerIteration(RunResult r) {
    return r.getBenchmarkResults().stream()
        .flatMap(b -> b.getIterationResults().stream())
        .mapToDouble(i -> i.getSecondaryResults().get("cpuMicrosPerCall").getScore())
        .toArray();
  }
}
