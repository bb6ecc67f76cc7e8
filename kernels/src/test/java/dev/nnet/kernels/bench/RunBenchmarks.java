package dev.nnet.kernels.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the kernel benchmarks once per thread count (a fresh JVM with -Dnnet.threads=N each) with short warm-ups,
 * and prints a table of microseconds per call and GFLOP/s.
 *
 * <p>Usage: {@code RunBenchmarks [regex] [threads ...]}, e.g. {@code RunBenchmarks GemmBench 1 2}. Defaults: every
 * benchmark in this package, with 1 and 2 threads. {@link GemmComparison} is the one-thread GEMM table against
 * OpenBLAS.
 */
public final class RunBenchmarks {
  private RunBenchmarks() {}

  public static void main(String[] args) throws RunnerException {
    String include = args.length > 0 ? args[0] : RunBenchmarks.class.getPackageName() + "\\..*Bench";
    List<Integer> threads = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      threads.add(Integer.parseInt(args[i]));
    }
    if (threads.isEmpty()) {
      threads.add(1);
      threads.add(2);
    }
    List<String> rows = new ArrayList<>();
    String blasMissing = GemmBench.openBlasMissing().orElse(null);
    if (blasMissing != null) {
      System.out.println("GemmBench.openblas is left out: " + blasMissing);
    }
    for (int t : threads) {
      OptionsBuilder builder = new OptionsBuilder();
      if (blasMissing != null) {
        builder.exclude("GemmBench\\.openblas");
      }
      // Prepended, so that a benchmark's own @Fork(jvmArgsAppend) (GemmBench.scalar's -Dnnet.vector=false) stays.
      Options options = builder
          .include(include)
          .forks(1)
          .warmupIterations(3)
          .warmupTime(TimeValue.seconds(1))
          .measurementIterations(5)
          .measurementTime(TimeValue.seconds(1))
          .timeUnit(TimeUnit.MICROSECONDS)
          .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
          .jvmArgsPrepend("-Dnnet.threads=" + t)
          .build();
      Collection<RunResult> results = new Runner(options).run();
      for (RunResult r : results) {
        rows.add(row(r, t));
      }
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "%-64s %7s %12s %9s %9s%n", "benchmark", "threads", "us/call", "+-", "GFLOP/s");
    rows.forEach(System.out::println);
  }

  private static String row(RunResult r, int threads) {
    String name = r.getParams().getBenchmark().replaceFirst(".*\\.bench\\.", "");
    StringBuilder param = new StringBuilder();
    for (String key : r.getParams().getParamsKeys()) {
      param.append(' ').append(r.getParams().getParam(key));
    }
    String shape = r.getParams().getParamsKeys().contains("layer") ? r.getParams().getParam("layer")
        : r.getParams().getParamsKeys().contains("shape") ? r.getParams().getParam("shape") : "";
    double micros = r.getPrimaryResult().getScore();
    double error = r.getPrimaryResult().getScoreError();
    double flops = flops(name, shape);
    String gflops = flops > 0 ? String.format(Locale.ROOT, "%9.1f", flops / micros / 1e3) : String.format("%9s", "-");
    return String.format(Locale.ROOT, "%-64s %7d %12.1f %9.1f %s", name + param, threads, micros, error, gflops);
  }

  private static double flops(String benchmark, String param) {
    if (benchmark.startsWith("GemmBench")) {
      return GemmBench.flops(param);
    }
    if (benchmark.startsWith("ConvBench")) {
      return ConvBench.flops(param);
    }
    return 0;
  }
}
