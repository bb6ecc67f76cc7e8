#!/usr/bin/python3
"""Training throughput of the name classifier (samples/recurrent/name-classifier.nnet, batch 256) in nnet beside
PyTorch's best thread setting, on the same data and machine, in one run; with nnet's peak RSS and bytes allocated
per warm step.

Like side_by_side.py, each run is a fresh process, one after another: nnet (dev.nnet.bench.TrainThroughput, from
the compiler module's test classes) at each thread count T, and PyTorch (rnn_torch_throughput.py) at each pair of
torch threads T and OpenBLAS threads B. Both train on the first --batches batches of 256 names of
data/names_train.csv.gz in file order (nnet through the runtime's names(...) reader, PyTorch as the seed pads
them), after --warmup untimed steps. Peak RSS is each child's own ru_maxrss; nnet's allocation is measured by
TrainThroughput's AllocationMeter over the timed steps (see README.md). A side that fails is reported with its
error, and the other is still measured.

    mvn -B -ntp -q -DskipTests package
    /usr/bin/python3 tools/bench/rnn_side_by_side.py [--threads 1,2] [--warmup 10] [--steps 60] [--out rnn.json]
"""
import argparse
import json
import os
import pathlib
import platform
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, str(pathlib.Path(__file__).parent))
import side_by_side  # noqa: E402

REPO = side_by_side.REPO
SAMPLE = "samples/recurrent/name-classifier.nnet"
BATCH = 256


def options(args):
    return ["--warmup", str(args.warmup), "--steps", str(args.steps), "--windows", str(args.windows),
            "--batches", str(args.batches)]


def nnet_command(args, threads):
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    return [java, *args.java_opts.split(), f"-Dnnet.threads={threads}", "-cp",
            os.pathsep.join(side_by_side.CLASSPATH), "dev.nnet.bench.TrainThroughput", SAMPLE, *options(args)]


def torch_command(args, threads):
    return [sys.executable, str(REPO / "tools/bench/rnn_torch_throughput.py"), "--threads", str(threads),
            *options(args)]


def run(side, threads, blas, command, env):
    label = f"{side}, {threads} thread(s)" + ("" if blas is None else f", OpenBLAS {blas}")
    print(f"# name-classifier: {label} ...", file=sys.stderr, flush=True)
    try:
        report = side_by_side.run_child(command, env)
    except SystemExit as failure:
        # run_child's message is "failed (exit N): COMMAND" and then the child's output, whose first line says why.
        lines = [l for l in str(failure).strip().splitlines() if not l.startswith("WARNING: Using incubator")]
        return {"side": side, "threads": threads, "blas_threads": blas, "command": command,
                "error": "\n".join(lines[1:] or lines)}
    report["blas_threads"] = blas
    if report["batch"] != BATCH:
        raise SystemExit(f"{side} trained on batches of {report['batch']}, not {BATCH}")
    return report


def table(runs):
    ok = [r for r in runs if "error" not in r]
    best = {s: max((r for r in ok if r["side"] == s), key=lambda r: r["samples_per_s"], default=None)
            for s in ("nnet", "pytorch")}
    lines = ["| side | setting | samples/s | ms/step | peak RSS MB | alloc B/step (timed) | alloc B (last window) |",
             "|---|---|---|---|---|---|---|"]
    for r in runs:
        setting = str(r["threads"]) if r["blas_threads"] is None else f"t{r['threads']}/b{r['blas_threads']}"
        if "error" in r:
            lines.append(f"| {r['side']} | {setting} | failed: {r['error'].splitlines()[0][:160]} | | | | |")
            continue
        alloc = r.get("alloc_bytes_per_step", "")
        last = r["alloc_bytes_windows"][-1] if "alloc_bytes_windows" in r else ""
        lines.append(f"| {r['side']} | {setting} | {r['samples_per_s']:.0f} | {r['ms_per_step']:.1f} "
                     f"| {r['peak_rss_kb'] / 1024:.0f} | {alloc} | {last} |")
    if best["nnet"] and best["pytorch"]:
        lines.append(f"\nnnet best / PyTorch best: {best['nnet']['samples_per_s'] / best['pytorch']['samples_per_s']:.2f}")
    return "\n".join(lines), best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts for both sides (default 1,2)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed training steps per run (default 10)")
    parser.add_argument("--steps", type=int, default=60, help="timed training steps per run (default 60)")
    parser.add_argument("--windows", type=int, default=3, help="timed windows reported per run (default 3)")
    parser.add_argument("--batches", type=int, default=26,
                        help="batches of 256 preloaded (default 26: every full batch of names_train)")
    parser.add_argument("--java-opts",
                        default="-XX:+UseParallelGC -Xmn32m --add-modules jdk.incubator.vector "
                                "-XX:PerMethodTrapLimit=100000",
                        help="JVM options (default: as bin/nnet)")
    parser.add_argument("--out", type=pathlib.Path, help="every run's report and the machine, as JSON")
    args = parser.parse_args()
    args.threads = [int(t) for t in args.threads.split(",")]
    if args.steps % args.windows:
        parser.error(f"--steps {args.steps} must be a multiple of --windows {args.windows}")
    if not (REPO / side_by_side.PROBE).is_file():
        raise SystemExit(f"nnet is not built (no {side_by_side.PROBE}); from {REPO} run first:\n"
                         f"    {side_by_side.BUILD}")
    runs = []
    for threads in args.threads:
        runs.append(run("nnet", threads, None, nnet_command(args, threads), dict(os.environ)))
        for blas in args.threads:
            runs.append(run("pytorch", threads, blas, torch_command(args, threads),
                            side_by_side.torch_env(threads, blas)))
    text, _ = table(runs)
    print(text)
    if args.out:
        machine = {"cpus": os.cpu_count(), "platform": platform.platform(), "cpu_model": side_by_side.cpu_model(),
                   "load_average": os.getloadavg()}
        args.out.write_text(json.dumps({"machine": machine, "settings": vars(args) | {"out": str(args.out)},
                                        "runs": runs}, indent=1, default=str) + "\n")


if __name__ == "__main__":
    main()
