#!/usr/bin/python3
"""Training throughput of PyTorch on one seed network: the PyTorch half of side_by_side.py.

It does what compiler/src/test/java/dev/nnet/bench/TrainThroughput.java does for nnet, step for step:
the network is the mirror in tools/parity/mirrors.py (PyTorch default initialization after torch.manual_seed(0));
the batch size, loss, optimizer and MNIST transforms are read from the sample's own train block; the first
--batches batches of the MNIST training set, in file order, are converted (float32(byte) / 255, then the data
statement's transforms in order) and kept in memory, so data loading is not timed. Then --warmup training steps,
then --steps timed steps cut into --windows windows, cycling through the preloaded batches. A step is
zero_grad, forward, loss, backward, optimizer step, loss.item(). Prints one JSON object.

Set the thread count before starting it (side_by_side.py does): OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and
MKL_NUM_THREADS in the environment, and --threads for torch.set_num_threads.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/bench/torch_throughput.py mnist-cnn --threads 1
"""
import argparse
import gzip
import json
import os
import pathlib
import re
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.dont_write_bytecode = True  # importing mirrors.py must not leave __pycache__ in the worktree
REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools/parity"))
from mirrors import MIRRORS  # noqa: E402

# The optimizer arguments of a train block that mean the same in torch.optim (both follow PyTorch's definitions).
OPTIMIZERS = {"sgd": (torch.optim.SGD, {"lr", "momentum", "nesterov", "weight_decay", "dampening"}),
              "adam": (torch.optim.Adam, {"lr", "weight_decay", "eps"})}


class TrainBlock:
    """The statements of a sample's train block that the PyTorch side must reproduce, parsed from the file."""

    def __init__(self, path):
        text = path.read_text()
        train = re.search(r"^train\s+\w+\s*\{(.*?)^\}", text, re.S | re.M)
        if not train:
            raise SystemExit(f"{path}: no train block")
        body = re.sub(r"//[^\n]*", "", train.group(1))
        self.source = path
        self.batch = int(self._one(body, r"^\s*batch\s+(\d+)", "batch N"))
        self.loss = self._one(body, r"^\s*loss\s+(.+?)\s*$", "loss ...")
        if self.loss != "cross_entropy":
            raise SystemExit(f"{path}: loss `{self.loss}`; this benchmark mirrors cross_entropy only")
        name, args = re.fullmatch(r"(\w+)\((.*)\)", self._one(body, r"^\s*optimizer\s+(.+?)\s*$", "optimizer")).groups()
        if name not in OPTIMIZERS:
            raise SystemExit(f"{path}: optimizer `{name}`; this benchmark mirrors {sorted(OPTIMIZERS)}")
        self.optimizer = name
        self.optimizer_args = {}
        for arg in filter(None, (a.strip() for a in args.split(","))):
            key, value = (s.strip() for s in arg.split("="))
            if key not in OPTIMIZERS[name][1]:
                raise SystemExit(f"{path}: optimizer argument `{key}` is not mirrored here")
            self.optimizer_args[key] = value == "true" if value in ("true", "false") else float(value)
        data = self._one(body, r"^\s*data\s+train\s*=\s*(.+?)\s*$", "data train = ...")
        match = re.fullmatch(r'mnist\("train"\s*(?:,\s*(.*))?\)', data)
        if not match:
            raise SystemExit(f"{path}: `data train = {data}`; this benchmark reads MNIST only")
        self.data = data
        self.transforms = []
        for kind, values in re.findall(r"(\w+)\(([^()]*)\)", match.group(1) or ""):
            numbers = [float(v) for v in values.split(",")]
            if kind not in ("normalize", "pad"):
                raise SystemExit(f"{path}: transform `{kind}` is not mirrored here")
            self.transforms.append((kind, numbers))

    def _one(self, body, pattern, what):
        found = re.findall(pattern, body, re.M)
        if len(found) != 1:
            raise SystemExit(f"{self.source}: expected one `{what}` statement in the train block, found {len(found)}")
        return found[0]


def read_idx(path, magic):
    """The array in an IDX file, raw or gzip (big-endian header: magic, dimension sizes; then unsigned bytes)."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    found = int.from_bytes(raw[0:4], "big")
    if found != magic:
        raise SystemExit(f"{path}: IDX magic {found:#x}, expected {magic:#x}")
    rank = magic & 0xFF
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def idx_file(folder, name):
    for candidate in (folder / name, folder / (name + ".gz")):
        if candidate.is_file():
            return candidate
    raise SystemExit(f"{name}(.gz) not found in {folder}; pass --data with the folder that holds the MNIST files")


def preload(block, data_dir, batches):
    """The first `batches` full batches of the training set in file order, converted as nnet's runtime does."""
    images = read_idx(idx_file(data_dir, "train-images-idx3-ubyte"), 0x00000803)
    labels = read_idx(idx_file(data_dir, "train-labels-idx1-ubyte"), 0x00000801)
    batches = min(batches, len(images) // block.batch)
    count = batches * block.batch
    x = images[:count].astype(np.float32) / np.float32(255)
    for kind, numbers in block.transforms:
        if kind == "pad":
            p = int(numbers[0])
            x = np.pad(x, ((0, 0), (p, p), (p, p)), mode="constant", constant_values=np.float32(0))
        else:
            x = (x - np.float32(numbers[0])) / np.float32(numbers[1])
    assert x.dtype == np.float32
    x = torch.from_numpy(np.ascontiguousarray(x.reshape(batches, block.batch, 1, x.shape[-2], x.shape[-1])))
    y = torch.from_numpy(labels[:count].astype(np.int64)).reshape(batches, block.batch)
    return [(x[i].clone(), y[i].clone()) for i in range(batches)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("network", choices=sorted(n for n in MIRRORS if (REPO / f"samples/mnist/{n}.nnet").is_file()))
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    parser.add_argument("--warmup", type=int, default=200, help="untimed training steps first")
    parser.add_argument("--steps", type=int, default=500, help="timed training steps")
    parser.add_argument("--windows", type=int, default=5, help="the timed steps are reported in this many windows")
    parser.add_argument("--batches", type=int, default=100, help="batches preloaded and cycled through")
    parser.add_argument("--data", type=pathlib.Path, default=REPO / "data/mnist", help="folder of the MNIST files")
    parser.add_argument("--device", default="cpu", help="torch device: cpu or cuda (tools/gpu/check.sh)")
    parser.add_argument("--batch", type=int, help="batch size instead of the train block's")
    parser.add_argument("--lazy-loss", action="store_true",
                        help="sum the losses on the device and read them once per window instead of loss.item() "
                             "every step (as nnet's GPU trainer reads its loss only when it logs)")
    args = parser.parse_args()
    if args.steps % args.windows:
        raise SystemExit(f"--steps {args.steps} must be a multiple of --windows {args.windows}")

    block = TrainBlock(REPO / f"samples/mnist/{args.network}.nnet")
    if args.batch:
        block.batch = args.batch
    device = torch.device(args.device)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = MIRRORS[args.network]().to(device)
    model.train()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = OPTIMIZERS[block.optimizer][0](model.parameters(), **block.optimizer_args)
    batches = [(x.to(device), y.to(device)) for x, y in preload(block, args.data, args.batches)]

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize()

    def step(i):
        x, y = batches[i % len(batches)]
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.detach() if args.lazy_loss else loss.item()

    first_loss = float(step(0))
    for i in range(1, args.warmup):
        step(i)
    sync()
    per_window = args.steps // args.windows
    marks = [time.perf_counter()]
    loss_sum = 0.0
    i = args.warmup
    for _ in range(args.windows):
        window_loss = 0.0
        for _ in range(per_window):
            window_loss += step(i)
            i += 1
        loss_sum += float(window_loss)  # with --lazy-loss the one read, which waits for the window's steps
        sync()
        marks.append(time.perf_counter())
    seconds = marks[-1] - marks[0]
    print(json.dumps({
        "side": "pytorch",
        "network": args.network,
        "threads": torch.get_num_threads(),
        "batch": block.batch,
        "preloaded_batches": len(batches),
        "warmup_steps": args.warmup,
        "steps": args.steps,
        "seconds": round(seconds, 4),
        "samples_per_s": round(args.steps * block.batch / seconds, 1),
        "samples_per_s_windows": [round(per_window * block.batch / (b - a), 1) for a, b in zip(marks, marks[1:])],
        "ms_per_step": round(1000 * seconds / args.steps, 3),
        "first_loss": round(first_loss, 5),
        "mean_loss_timed": round(loss_sum / args.steps, 5),
        "optimizer": {block.optimizer: block.optimizer_args},
        "data": block.data,
        "torch": torch.__version__,
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "lazy_loss": args.lazy_loss,
        "env": {k: os.environ.get(k, "unset") for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
        "self_peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "self_rss_end_kb": rss_now_kb(),
    }))


def rss_now_kb():
    """VmRSS from /proc/self/status (Linux), in kB; -1 elsewhere."""
    try:
        with open("/proc/self/status") as f:
            return next((int(l.split()[1]) for l in f if l.startswith("VmRSS:")), -1)
    except OSError:
        return -1


if __name__ == "__main__":
    main()
