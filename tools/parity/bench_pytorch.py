#!/usr/bin/python3
"""Training throughput of PyTorch on this machine, the yardstick for nnet's generated trainers.

For mnist-mlp-5, mnist-cnn, lenet and mnist-resnet (the mirrors in mirrors.py), batch 64 of random MNIST-shaped
data, cross-entropy and SGD (lr 0.01, momentum 0.5, as their train blocks), it measures samples/s under
torch.set_num_threads(1) and (2), each with OPENBLAS_NUM_THREADS=1 and with it unset. Every (network, setting)
runs in its own subprocess, so the environment variable takes effect when OpenBLAS loads and the peak RSS
(getrusage ru_maxrss) is that network's alone. After a few warm-up steps the ~3 s timed loop is split into
windows and the best window's samples/s is reported (all windows are listed). Prints one JSON object per
(network, setting), then one summary object per network naming its fastest setting.

    /usr/bin/python3 tools/parity/bench_pytorch.py [--seconds 3]
"""
import argparse
import json
import os
import subprocess
import sys

NETWORKS = ["mnist-mlp-5", "mnist-cnn", "lenet", "mnist-resnet"]
BATCH = 64
SETTINGS = [(threads, openblas) for threads in (1, 2) for openblas in ("1", "unset")]


def child(network, threads, seconds, warmup_steps, windows):
    """Runs in the subprocess: warm up, then time whole training steps for about `seconds` in `windows` parts."""
    import resource
    import time

    import torch
    import torch.nn as nn

    sys.dont_write_bytecode = True  # importing mirrors.py must not leave __pycache__ in the worktree
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from mirrors import MIRRORS

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = MIRRORS[network]()
    side = 32 if network == "lenet" else 28
    x = torch.randn(BATCH, 1, side, side)
    y = torch.randint(0, 10, (BATCH,))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(warmup_steps):
        step()
    # The timed loop is cut into windows and the best one reported: on a shared machine a neighbour's burst
    # slows a window down, it never speeds one up.
    rates = []
    total_steps = 0
    total_seconds = 0.0
    for _ in range(windows):
        steps = 0
        start = time.perf_counter()
        while True:
            step()
            steps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / windows:
                break
        rates.append(round(steps * BATCH / elapsed, 1))
        total_steps += steps
        total_seconds += elapsed
    print(json.dumps({
        "network": network,
        "torch_threads": threads,
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "unset"),
        "batch": BATCH,
        "steps": total_steps,
        "seconds": round(total_seconds, 3),
        "samples_per_s": max(rates),
        "samples_per_s_windows": rates,
        "ms_per_step_best": round(1000 * BATCH / max(rates), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def parent(seconds, warmup_steps, windows):
    import torch
    print(json.dumps({"torch": torch.__version__, "cpus": os.cpu_count(), "batch": BATCH,
                      "timed_seconds": seconds, "windows": windows,
                      "warmup_steps": warmup_steps}))
    results = []
    for network in NETWORKS:
        for threads, openblas in SETTINGS:
            env = dict(os.environ)
            env.pop("OPENBLAS_NUM_THREADS", None)
            if openblas != "unset":
                env["OPENBLAS_NUM_THREADS"] = openblas
            out = subprocess.run(
                [sys.executable, os.path.abspath(__file__), "--child", network, "--threads", str(threads),
                 "--seconds", str(seconds), "--warmup-steps", str(warmup_steps), "--windows", str(windows)],
                env=env, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            print(out, flush=True)
            results.append(json.loads(out))
    for network in NETWORKS:
        best = max((r for r in results if r["network"] == network), key=lambda r: r["samples_per_s"])
        print(json.dumps({"summary": network, "best_torch_threads": best["torch_threads"],
                          "best_OPENBLAS_NUM_THREADS": best["OPENBLAS_NUM_THREADS"],
                          "samples_per_s": best["samples_per_s"], "peak_rss_mb": best["peak_rss_mb"]}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="timed loop length per (network, setting)")
    parser.add_argument("--warmup-steps", type=int, default=5)
    parser.add_argument("--windows", type=int, default=3, help="timed windows per run; the best one is reported")
    parser.add_argument("--child", metavar="NETWORK", help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.threads, args.seconds, args.warmup_steps, args.windows)
    else:
        parent(args.seconds, args.warmup_steps, args.windows)


if __name__ == "__main__":
    main()
