#!/usr/bin/env python3
"""Both threading modes of nnet's generated trainers, side by side, in one run.

For each network: dev.nnet.bench.TrainThroughput with -Dnnet.parallel=ops and =batch, alternating, --repeat times,
each in a fresh JVM with the same thread count (best samples/s, allocation per warm step and peak RSS); then
dev.nnet.bench.ParallelModes, both modes in one JVM timed in alternating rounds, whose median ratio a changing
machine load disturbs least. Prints a Markdown table and the load average before and after. Build first:
mvn -B -ntp -q -DskipTests package (see tools/bench/README.md).
"""
import argparse
import json
import os
import subprocess
import sys

NETS = "mnist-mlp-5,mnist-cnn,lenet,mnist-resnet,mnist-inception,mnist-cnn-3fc"
CLASSPATH = "compiler/target/test-classes:compiler/target/classes:compiler/target/lib/*"
MODES = ("ops", "batch")
# as bin/nnet train starts the JVM (the trap limit: kernels/README.md, "Allocation")
JVM_OPTS = ["-XX:+UseParallelGC", "-Xmn32m", "--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=100000"]


def run(net, mode, args):
    cmd = ["java", *JVM_OPTS,
           f"-Dnnet.threads={args.threads}", f"-Dnnet.parallel={mode}", "-cp", args.classpath,
           "dev.nnet.bench.TrainThroughput", f"samples/mnist/{net}.nnet",
           "--warmup", str(args.warmup), "--steps", str(args.steps)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{net} ({mode}) failed:\n{out.stderr}")
    return json.loads(out.stdout[out.stdout.index("{"):])


def alternate(net, args):
    cmd = ["java", *JVM_OPTS,
           f"-Dnnet.threads={args.threads}", "-cp", args.classpath, "dev.nnet.bench.ParallelModes",
           f"samples/mnist/{net}.nnet", "--warmup", str(args.warmup), "--rounds", str(args.rounds),
           "--round", str(args.round)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{net} (alternating) failed:\n{out.stderr}")
    return json.loads(out.stdout[out.stdout.index("{"):])


def keep(args, net, mode, report):
    """Appends a run's report to --out as one JSON line at once, so an interrupted run keeps what it measured."""
    if args.out:
        with open(args.out, "a") as f:
            f.write(json.dumps({"network": net, "mode": mode, "load": os.getloadavg(), "report": report}) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--nets", default=NETS)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--steps", type=int, default=500)
    p.add_argument("--rounds", type=int, default=10, help="alternating rounds in one JVM")
    p.add_argument("--round", type=int, default=50, help="steps per mode per round")
    p.add_argument("--classpath", default=CLASSPATH)
    p.add_argument("--out", help="appends every run's report to this file, one JSON line each")
    args = p.parse_args()
    load_before = os.getloadavg()
    runs = {}
    for net in args.nets.split(","):
        for r in range(args.repeat):
            for mode in (MODES if r % 2 == 0 else MODES[::-1]):
                report = run(net, mode, args)
                runs.setdefault((net, mode), []).append(report)
                keep(args, net, mode, report)
                print(f"{net:16} {mode:5} {report['samples_per_s']:>9.0f} samples/s  "
                      f"load {os.getloadavg()[0]:.1f}", file=sys.stderr)
        alt = alternate(net, args)
        runs[(net, "alternating")] = [alt]
        keep(args, net, "alternating", alt)
        print(f"{net:16} alternating: batch/ops {alt['batch_over_ops_median_of_round_ratios']}, by CPU of the "
              f"busier thread {alt['batch_over_ops_by_busiest_thread_cpu_median']}  "
              f"load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    load_after = os.getloadavg()
    print(f"{args.threads} threads, best of {args.repeat} per mode; load average (1, 5, 15 min) "
          f"{' '.join(f'{v:.2f}' for v in load_before)} before, {' '.join(f'{v:.2f}' for v in load_after)} after\n")
    print("| network | ops, samples/s | batch, samples/s | batch / ops | one JVM: ops, batch median samples/s "
          "| one JVM: batch / ops (median of rounds) | busier thread's CPU ms/step ops, batch | same, ops / batch "
          "| bytes/step ops, batch | peak RSS MB ops, batch |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for net in args.nets.split(","):
        best = {m: max(r["samples_per_s"] for r in runs[(net, m)]) for m in MODES}
        alloc = {m: max(r["alloc_bytes_per_step"] for r in runs[(net, m)]) for m in MODES}
        rss = {m: max(r["self_peak_rss_kb"] for r in runs[(net, m)]) / 1024 for m in MODES}
        alt = runs[(net, "alternating")][0]
        print(f"| {net} | {best['ops']:,.0f} | {best['batch']:,.0f} | {best['batch'] / best['ops']:.2f}x "
              f"| {alt['ops_median']:,}, {alt['batch_median']:,} | {alt['batch_over_ops_median_of_round_ratios']:.2f}x "
              f"| {alt['ops_busiest_thread_cpu_ms_per_step_median']:.2f}, "
              f"{alt['batch_busiest_thread_cpu_ms_per_step_median']:.2f} "
              f"| {alt['batch_over_ops_by_busiest_thread_cpu_median']:.2f}x "
              f"| {alloc['ops']:.0f}, {alloc['batch']:.0f} | {rss['ops']:.0f}, {rss['batch']:.0f} |")


if __name__ == "__main__":
    main()
