#!/usr/bin/python3
"""Training throughput, peak RSS and allocation of nnet's generated trainers beside PyTorch, on this machine.

For each network it runs, one after another and each in a fresh process, nnet (dev.nnet.bench.TrainThroughput,
from the compiler module's test classes) at each thread count T, and PyTorch (torch_throughput.py) at each pair of
torch.set_num_threads T (also OMP_NUM_THREADS, MKL_NUM_THREADS) and OPENBLAS_NUM_THREADS B: PyTorch's best
setting differs by network (OpenMP and OpenBLAS threads can fight over the cores), and the comparison is against
its best. Both sides train the sample's network with its own train block's batch size, loss and optimizer, on
the same preloaded MNIST batches, for the same warm-up and timed steps. Peak RSS is each child's own ru_maxrss,
from os.wait4 on that child. Prints a markdown table and writes every child's JSON report (plus RSS, wall time
and load average) to --out.

It builds nothing. Build first, from the repository root:

    mvn -B -ntp -q -DskipTests package
    /usr/bin/python3 tools/bench/side_by_side.py --out bench.json [--nets mnist-cnn,lenet] [--steps 500] [--quick]
"""
import argparse
import json
import os
import pathlib
import platform
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
NETWORKS = ["mnist-mlp-5", "mnist-cnn", "lenet", "mnist-resnet", "mnist-inception", "mnist-cnn-3fc"]
BUILD = "mvn -B -ntp -q -DskipTests package"
PROBE = "compiler/target/test-classes/dev/nnet/bench/TrainThroughput.class"
CLASSPATH = ["compiler/target/test-classes", "compiler/target/classes", "compiler/target/lib/*"]


# The Vector API module and, with it, the trap limit that keeps C2 from boxing large kernels (kernels/README.md,
# "Allocation"), as bin/nnet train passes them.
VECTOR_API = ["--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=100000"]

def java_command(args, threads):
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    return [java, *args.java_opts.split(), f"-Dnnet.threads={threads}", "-cp", os.pathsep.join(CLASSPATH),
            "dev.nnet.bench.TrainThroughput", f"samples/mnist/{args.net}.nnet", *common_options(args)]


def torch_command(args, threads):
    return [sys.executable, str(REPO / "tools/bench/torch_throughput.py"), args.net, "--threads", str(threads),
            *common_options(args)]


def common_options(args):
    options = ["--warmup", str(args.warmup), "--steps", str(args.steps), "--windows", str(args.windows),
               "--batches", str(args.batches)]
    return options + (["--data", str(args.data)] if args.data else [])


def run_child(command, env):
    """Runs one child to completion; returns its JSON report with its peak RSS (its own ru_maxrss) added."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        load = os.getloadavg()[0]
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=err)
        # wait4 reaps this child alone and returns its own rusage; RUSAGE_CHILDREN would be the maximum over all
        # children so far, not this one's peak.
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        raise SystemExit(f"failed (exit {child.returncode}): {' '.join(command)}\n{stderr}{stdout}")
    report = json.loads(stdout.strip().splitlines()[-1])
    report["peak_rss_kb"] = usage.ru_maxrss  # kilobytes on Linux
    report["wall_s"] = round(wall, 2)
    report["load_before"] = round(load, 2)
    report["command"] = command
    return report


def measure_peak(args):
    """The machine's single-precision FMA peak in GFLOP/s at each thread count, by the committed probe (PeakFlops)."""
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    command = [java, *VECTOR_API, "-cp", os.pathsep.join(CLASSPATH),
               "dev.nnet.kernels.probe.PeakFlops", str(max(args.threads))]
    print("# peak: PeakFlops ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed (exit {done.returncode}): {' '.join(command)}\n{done.stderr}")
    peak = {}
    for line in done.stdout.splitlines():
        if " thread(s): " in line:
            threads, rest = line.split(" thread(s): ")
            peak[int(threads)] = float(rest.split()[0])
    return peak


def torch_env(threads, blas_threads):
    env = dict(os.environ)
    env.update(OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(blas_threads))
    return env


def configurations(args):
    """(side, threads, BLAS threads or None, command, environment) for one network, nnet's and PyTorch's mixed."""
    out = []
    for threads in args.threads:
        out.append(("nnet", threads, None, java_command(args, threads), dict(os.environ)))
        for blas in args.threads:
            out.append(("pytorch", threads, blas, torch_command(args, threads), torch_env(threads, blas)))
    return out


def measure(args):
    runs = []
    for net in args.nets:
        args.net = net
        for repeat in range(args.repeat):
            for side, threads, blas, command, env in configurations(args):
                label = f"{threads} thread(s)" + ("" if blas is None else f", OpenBLAS {blas}")
                print(f"# {net}: {side}, {label}, run {repeat + 1}/{args.repeat} ...", file=sys.stderr, flush=True)
                report = run_child(command, env)
                report["blas_threads"] = blas
                report["repeat"] = repeat
                if report["batch"] != 64:
                    raise SystemExit(f"{net}: {side} trained on batches of {report['batch']}, not 64")
                runs.append(report)
    return runs


def setting(report):
    """`T` for nnet, `tT/bB` for PyTorch (torch threads, OpenBLAS threads)."""
    t = report["threads"]
    return str(t) if report["blas_threads"] is None else f"t{t}/b{report['blas_threads']}"


def summarize(runs, nets, peak):
    """Per network and setting: the best throughput over repeats, and the worst peak RSS and allocation. With the
    measured peak: what 2x PyTorch's best needs, in the step's counted GFLOP/s and as a share of the peak at nnet's
    best thread count, beside what nnet reaches."""
    rows = []
    for net in nets:
        side = {s: [r for r in runs if r["network"] == net and r["side"] == s] for s in ("pytorch", "nnet")}
        best = {s: max(side[s], key=lambda r: r["samples_per_s"]) for s in side}

        def over_repeats(s, pick, value):
            out = {}
            for r in side[s]:
                out[setting(r)] = pick(out[setting(r)], value(r)) if setting(r) in out else value(r)
            return out

        rows.append({
            "network": net,
            "pytorch_samples_per_s": over_repeats("pytorch", max, lambda r: r["samples_per_s"]),
            "nnet_samples_per_s": over_repeats("nnet", max, lambda r: r["samples_per_s"]),
            "best_pytorch": setting(best["pytorch"]),
            "best_nnet": setting(best["nnet"]),
            "ratio_best": round(best["nnet"]["samples_per_s"] / best["pytorch"]["samples_per_s"], 2),
            "pytorch_peak_rss_mb": over_repeats("pytorch", max, lambda r: round(r["peak_rss_kb"] / 1024)),
            "nnet_peak_rss_mb": over_repeats("nnet", max, lambda r: round(r["peak_rss_kb"] / 1024)),
            "nnet_alloc_bytes_per_step": over_repeats("nnet", max, lambda r: r["alloc_bytes_per_step"]),
            "nnet_alloc_bytes_last_window": over_repeats("nnet", max, lambda r: r["alloc_bytes_windows"][-1]),
        })
        flops = best["nnet"]["counted_flops_per_step"] / best["nnet"]["batch"]
        threads = best["nnet"]["threads"]
        needs = 2 * best["pytorch"]["samples_per_s"] * flops / 1e9
        rows[-1].update({
            "counted_mflop_per_sample": round(flops / 1e6, 3),
            "peak_gflops": peak.get(threads),
            "nnet_best_gflops": best["nnet"]["counted_gflops_per_s"],
            "twice_pytorch_needs_gflops": round(needs, 1),
            "twice_pytorch_needs_share_of_peak": round(needs / peak[threads], 3) if peak.get(threads) else None,
        })
    return rows


def table(rows):
    def keys(key):
        return list(rows[0][key])

    def head(key):
        return ", ".join(keys(key))

    lines = [f"| network | PyTorch samples/s ({head('pytorch_samples_per_s')}) | nnet samples/s "
             f"({head('nnet_samples_per_s')} thr) | nnet best / PyTorch best | peak RSS MB PyTorch "
             f"({head('pytorch_peak_rss_mb')}) | peak RSS MB nnet ({head('nnet_peak_rss_mb')} thr) "
             f"| nnet alloc B/step, all timed steps ({head('nnet_alloc_bytes_per_step')} thr) "
             f"| nnet alloc B, last window ({head('nnet_alloc_bytes_last_window')} thr) |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        def cells(key, fmt="{:.0f}"):
            return " / ".join(fmt.format(r[key][k]) for k in keys(key))
        lines.append(f"| {r['network']} | {cells('pytorch_samples_per_s')} | {cells('nnet_samples_per_s')} "
                     f"| {r['ratio_best']:.2f} (nnet {r['best_nnet']} vs PyTorch {r['best_pytorch']}) "
                     f"| {cells('pytorch_peak_rss_mb')} | {cells('nnet_peak_rss_mb')} "
                     f"| {cells('nnet_alloc_bytes_per_step', '{:g}')} | {cells('nnet_alloc_bytes_last_window')} |")
    lines += ["", "| network | counted MFLOP/sample | peak GFLOP/s (nnet's best threads) | nnet GFLOP/s (share of "
              "peak) | 2x PyTorch's best needs GFLOP/s (share of peak) |", "|---|---|---|---|---|"]
    for r in rows:
        peak = r["peak_gflops"]

        def share(x):
            return f" ({100 * x / peak:.0f}%)" if peak else ""
        lines.append(f"| {r['network']} | {r['counted_mflop_per_sample']:.2f} | {peak or 'not measured'} "
                     f"| {r['nnet_best_gflops']:.1f}{share(r['nnet_best_gflops'])} "
                     f"| {r['twice_pytorch_needs_gflops']:.1f}{share(r['twice_pytorch_needs_gflops'])} |")
    return "\n".join(lines)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            return next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), platform.processor())
    except OSError:
        return platform.processor()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nets", default=",".join(NETWORKS),
                        help=f"comma-separated sample stems from samples/mnist (default: {','.join(NETWORKS)})")
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts for both sides (default 1,2)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed training steps per run (default 200)")
    parser.add_argument("--steps", type=int, default=500, help="timed training steps per run (default 500)")
    parser.add_argument("--windows", type=int, default=5, help="timed windows reported per run (default 5)")
    parser.add_argument("--batches", type=int, default=100, help="MNIST batches preloaded per run (default 100)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per setting; the table shows the best throughput and the worst RSS and "
                             "allocation over them (default 1)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 20 warm-up and 50 timed steps")
    parser.add_argument("--data", type=pathlib.Path, help="folder of the MNIST IDX files (default: data/mnist)")
    parser.add_argument("--java-opts", default=" ".join(["-XX:+UseParallelGC", "-Xmn32m", *VECTOR_API]),
                        help="JVM options (default: as bin/nnet)")
    parser.add_argument("--out", type=pathlib.Path, help="write every run's report and the summary here, as JSON")
    args = parser.parse_args()
    args.nets = [n.strip() for n in args.nets.split(",") if n.strip()]
    for net in args.nets:
        if not (REPO / f"samples/mnist/{net}.nnet").is_file():
            parser.error(f"no samples/mnist/{net}.nnet")
    args.threads = [int(t) for t in args.threads.split(",")]
    if args.quick:
        args.warmup, args.steps = 20, 50
    if args.steps % args.windows:
        parser.error(f"--steps {args.steps} must be a multiple of --windows {args.windows}")
    if args.data:
        args.data = args.data.resolve()
    return args


def main():
    args = parse_args()
    if not (REPO / PROBE).is_file() or not (REPO / "compiler/target/lib").is_dir():
        raise SystemExit(f"nnet is not built (no {PROBE}); from {REPO} run first:\n    {BUILD}")
    peak = measure_peak(args)
    runs = measure(args)
    rows = summarize(runs, args.nets, peak)
    print(table(rows))
    if args.out:
        import torch
        machine = {"cpus": os.cpu_count(), "platform": platform.platform(), "cpu_model": cpu_model(),
                   "torch": torch.__version__, "python": platform.python_version()}
        settings = {k: getattr(args, k) for k in ("nets", "threads", "warmup", "steps", "windows", "batches",
                                                   "repeat", "java_opts")}
        report = {"machine": machine, "settings": settings, "peak_gflops": peak, "summary": rows, "runs": runs}
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
