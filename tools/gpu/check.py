#!/usr/bin/python3
"""The GPU check of issue 17, run by tools/gpu/check.sh (which finds java, the jars and PyTorch first).

For every feed-forward seed network (samples/basics, samples/mnist):
  1. parity: `nnet train --steps 50 --step-losses F` on the CPU and on the device, from the same weights and batches
     (the same seed: initialization, shuffling and dropout masks are drawn on the host); every step's loss must
     agree within 1e-5 + 1e-4*|cpu|;
  2. speed (MNIST networks): `nnet train --steps N --batch B` on the device, at batch 64 and 512 (and cuBLAS at 512),
     samples/s after a warm-up, as nnet prints it;
  3. the same networks in this machine's PyTorch (tools/bench/torch_throughput.py, eager, on the device, the loss
     read once per window as nnet reads it).
Writes ONE JSON report and prints a table. Only the standard library: PyTorch runs in its own process.
The CPU runs of step 1 go first and in parallel (nothing is timed then); every timed run runs alone.
"""
import argparse
import concurrent.futures
import json
import os
import pathlib
import platform
import re
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
MNIST_DATA = {"mnist": REPO / "data/mnist"}
TOLERANCE_ABS = 1e-5
TOLERANCE_REL = 1e-4
SPEED = re.compile(r"^Speed: ([0-9.]+) samples/s over steps (\S+) \(batch (\S+)\)$", re.M)


def feed_forward_seeds():
    """The .nnet samples without recurrent layers, each with the data source of its train block."""
    found = []
    for folder in ("basics", "mnist"):
        for path in sorted((REPO / "samples" / folder).glob("*.nnet")):
            text = path.read_text()
            source = re.search(r"^\s*data\s+train\s*=\s*(\w+)", text, re.M)
            found.append({"name": path.stem, "file": str(path.relative_to(REPO)),
                          "data": source.group(1) if source else "?"})
    return found


def missing_data(seed):
    """Why a seed cannot run offline here, or None."""
    if seed["data"] == "fashion_mnist":
        folder = REPO / "data/fashion-mnist"
        if not folder.is_dir():
            return "no FashionMNIST files in data/fashion-mnist (the check runs offline)"
    return None


class Runner:
    def __init__(self, args):
        self.args = args
        self.started = time.monotonic()
        self.commands = []

    def elapsed(self):
        return time.monotonic() - self.started

    def left(self):
        return self.args.budget - self.elapsed()

    def nnet(self, seed, extra, timeout):
        data = ["--data", str(REPO / "data/fashion-mnist")] if seed["data"] == "fashion_mnist" else \
            ["--data", str(MNIST_DATA["mnist"])] if seed["data"] == "mnist" else []
        command = [self.args.java, "-XX:+UseParallelGC", "--add-modules", "jdk.incubator.vector",
                   "-XX:PerMethodTrapLimit=100000", "-cp", self.args.classpath, "dev.nnet.cli.Nnet", "train",
                   str(REPO / seed["file"])] + data + extra
        return self.run(command, timeout)

    def run(self, command, timeout):
        shown = " ".join(command)
        self.commands.append(shown)
        if self.args.dry_run:
            print("would run:", shown)
            return {"ok": False, "dry_run": True, "out": "", "err": "", "seconds": 0.0}
        began = time.monotonic()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=REPO)
            result = {"ok": done.returncode == 0, "status": done.returncode, "out": done.stdout, "err": done.stderr}
        except subprocess.TimeoutExpired:
            result = {"ok": False, "status": None, "out": "", "err": f"timed out after {timeout} s"}
        result["seconds"] = round(time.monotonic() - began, 2)
        return result


def last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip() and not line.startswith("WARNING: Using")]
    return lines[-1] if lines else ""


def read_losses(path):
    return [float(line) for line in path.read_text().split()]


def compare(cpu, device):
    """Per-step agreement within 1e-5 + 1e-4*|cpu| (the issue's target; the CPU backend is the reference)."""
    if len(cpu) != len(device):
        return {"passed": False, "error": f"{len(cpu)} CPU steps but {len(device)} device steps"}
    worst, worst_step, failed = 0.0, 0, []
    for i, (b, a) in enumerate(zip(cpu, device), start=1):
        diff = abs(a - b)
        if diff > worst:
            worst, worst_step = diff, i
        if not diff <= TOLERANCE_ABS + TOLERANCE_REL * abs(b):
            failed.append(i)
    return {"passed": not failed, "steps": len(cpu), "max_abs_diff": worst, "worst_step": worst_step,
            "failed_steps": failed[:10], "cpu_first_last": [cpu[0], cpu[-1]] if cpu else [],
            "device_first_last": [device[0], device[-1]] if device else []}


def parse_speed(result):
    match = SPEED.search(result["out"])
    return float(match.group(1)) if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--java", required=True)
    parser.add_argument("--classpath", required=True)
    parser.add_argument("--python", required=True, help="the python with PyTorch")
    parser.add_argument("--device", choices=["cuda", "cpu"], default="cuda")
    parser.add_argument("--networks", help="comma-separated names (default: every feed-forward seed)")
    parser.add_argument("--steps", type=int, default=50, help="parity steps")
    parser.add_argument("--speed-steps", type=int, default=60, help="steps of a speed run (10 of them warm-up)")
    parser.add_argument("--batches", default="64,512", help="batch sizes of the speed runs")
    parser.add_argument("--cublas-at", default="512", help="batch sizes also measured with --gemm cublas")
    parser.add_argument("--budget", type=float, default=450, help="seconds; runs that do not fit are skipped")
    parser.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) // 4),
                        help="CPU parity runs at once (nothing is timed then)")
    parser.add_argument("--out", type=pathlib.Path, required=True)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()

    seeds = feed_forward_seeds()
    if args.networks:
        wanted = args.networks.split(",")
        unknown = sorted(set(wanted) - {s["name"] for s in seeds})
        if unknown:
            raise SystemExit(f"check.py: no feed-forward seed called {', '.join(unknown)}")
        seeds = [s for s in seeds if s["name"] in wanted]
    runner = Runner(args)
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="nnet-gpu-check-"))
    batches = [int(b) for b in args.batches.split(",") if b]
    cublas_at = {int(b) for b in args.cublas_at.split(",") if b}
    report = {"issue": 17, "device": args.device, "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "machine": machine(args), "tolerance": f"|device - cpu| <= {TOLERANCE_ABS} + {TOLERANCE_REL}*|cpu|",
              "parity_steps": args.steps, "speed_steps": args.speed_steps, "networks": []}
    entries = {}
    for seed in seeds:
        entry = {"network": seed["name"], "file": seed["file"]}
        why = missing_data(seed)
        if why:
            entry["skipped"] = why
        entries[seed["name"]] = entry
        report["networks"].append(entry)
    runnable = [s for s in seeds if "skipped" not in entries[s["name"]]]

    # 1. The CPU reference losses, in parallel: nothing is timed while they run.
    def cpu_losses(seed):
        file = scratch / f"{seed['name']}.cpu.txt"
        result = runner.nnet(seed, ["--device", "cpu", "--steps", str(args.steps), "--step-losses", str(file)], 240)
        return seed["name"], result, file
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        references = {name: (result, file) for name, result, file in pool.map(cpu_losses, runnable)}

    # 2. On the device, one run at a time: parity, then speed.
    for seed in runnable:
        entry = entries[seed["name"]]
        if runner.left() < 20:
            entry["parity"] = {"skipped": f"time budget of {args.budget} s spent"}
            continue
        cpu_result, cpu_file = references[seed["name"]]
        file = scratch / f"{seed['name']}.{args.device}.txt"
        result = runner.nnet(seed, ["--device", args.device, "--steps", str(args.steps), "--step-losses", str(file)],
                             120)
        if args.dry_run:
            continue
        if not cpu_result["ok"]:
            entry["parity"] = {"passed": False, "error": "cpu run: " + last_line(cpu_result["err"])}
        elif not result["ok"]:
            entry["parity"] = {"passed": False, "error": f"{args.device} run: " + last_line(result["err"])}
        else:
            entry["parity"] = compare(read_losses(cpu_file), read_losses(file))
        entry["parity"]["seconds"] = [cpu_result["seconds"], result["seconds"]]
    for seed in runnable:
        if seed["data"] not in ("mnist", "fashion_mnist"):
            continue
        speed = entries[seed["name"]].setdefault("speed", {})
        for batch in batches:
            for gemm in ["tiled"] + (["cublas"] if batch in cublas_at and args.device == "cuda" else []):
                key = f"nnet_{gemm}" if args.device == "cuda" else "nnet_cpu"
                if runner.left() < 15:
                    speed.setdefault(str(batch), {})[key] = f"skipped: time budget of {args.budget} s spent"
                    continue
                extra = ["--device", args.device, "--steps", str(args.speed_steps), "--batch", str(batch)]
                if args.device == "cuda":
                    extra += ["--gemm", gemm]
                result = runner.nnet(seed, extra, 120)
                if not args.dry_run:
                    speed.setdefault(str(batch), {})[key] = parse_speed(result) if result["ok"] \
                        else "error: " + last_line(result["err"])

    # 3. PyTorch on the same device.
    for seed in runnable:
        if seed["data"] != "mnist":
            continue
        speed = entries[seed["name"]].setdefault("speed", {})
        for batch in batches:
            if runner.left() < 15:
                speed.setdefault(str(batch), {})["pytorch"] = f"skipped: time budget of {args.budget} s spent"
                continue
            command = [args.python, str(REPO / "tools/bench/torch_throughput.py"), seed["name"], "--device",
                       args.device, "--batch", str(batch), "--warmup", "10", "--steps", str(args.speed_steps - 10),
                       "--windows", "5", "--batches", "20", "--threads", str(os.cpu_count() or 1)]
            if args.device == "cuda":
                command.append("--lazy-loss")
            result = runner.run(command, 120)
            if args.dry_run:
                continue
            if result["ok"]:
                speed.setdefault(str(batch), {})["pytorch"] = json.loads(last_line(result["out"]))["samples_per_s"]
            else:
                speed.setdefault(str(batch), {})["pytorch"] = "error: " + last_line(result["err"] or result["out"])
    for entry in report["networks"]:
        for numbers in entry.get("speed", {}).values():
            torch_speed = numbers.get("pytorch")
            for key, value in list(numbers.items()):
                if key.startswith("nnet_") and isinstance(value, float) and isinstance(torch_speed, float):
                    numbers[key.replace("nnet_", "ratio_") + "_to_pytorch"] = round(value / torch_speed, 3)

    report["elapsed_s"] = round(runner.elapsed(), 1)
    report["commands"] = runner.commands
    if args.dry_run:
        print(f"check.py: dry run, {len(runner.commands)} commands; no report written")
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print_table(report)
    print(f"report: {args.out} ({report['elapsed_s']} s)")


def machine(args):
    info = {"host": platform.node(), "cpus": os.cpu_count(), "java": args.java}
    try:
        info["java_version"] = last_line(subprocess.run([args.java, "-version"], capture_output=True, text=True,
                                                        timeout=30).stderr)
    except (OSError, subprocess.TimeoutExpired) as e:
        info["java_version"] = f"unknown ({e})"
    try:
        probe = subprocess.run([args.python, "-c", "import torch, json; print(json.dumps({'torch': torch.__version__, "
                                "'cuda': torch.version.cuda, 'gpu': torch.cuda.get_device_name(0) "
                                "if torch.cuda.is_available() else None}))"],
                               capture_output=True, text=True, timeout=60)
        info.update(json.loads(last_line(probe.stdout)) if probe.returncode == 0 else
                    {"torch": "error: " + last_line(probe.stderr)})
    except (OSError, subprocess.TimeoutExpired, ValueError) as e:
        info["torch"] = f"error: {e}"
    try:
        info["nnet_commit"] = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                             capture_output=True, text=True, timeout=10).stdout.strip() or "unknown"
    except OSError:
        info["nnet_commit"] = "unknown (no git)"
    return info


def print_table(report):
    print(f"{'network':22} {'parity':>8} {'max diff':>10}  speed samples/s: batch -> nnet tiled / cublas / pytorch")
    for entry in report["networks"]:
        if "skipped" in entry:
            print(f"{entry['network']:22} skipped: {entry['skipped']}")
            continue
        parity = entry.get("parity", {})
        verdict = "pass" if parity.get("passed") else "skipped" if "skipped" in parity else "FAIL"
        diff = parity.get("max_abs_diff")
        speeds = "; ".join(f"{b} -> " + " / ".join(str(n.get(k, "-")) for k in ("nnet_tiled", "nnet_cublas",
                                                                                  "nnet_cpu", "pytorch") if k in n)
                           for b, n in entry.get("speed", {}).items())
        print(f"{entry['network']:22} {verdict:>8} {diff if diff is not None else '-':>10}  {speeds}")
        if parity.get("error"):
            print(f"{'':22} {parity['error']}")


if __name__ == "__main__":
    sys.exit(main())
