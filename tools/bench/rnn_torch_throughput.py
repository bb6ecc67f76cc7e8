#!/usr/bin/python3
"""Training throughput of PyTorch on the name classifier: the PyTorch half of rnn_side_by_side.py.

The network is the seed's RNNClassifier as tools/parity/name_classifier_fixture.py mirrors it (Embedding(128, 100)
-> bidirectional 2-layer GRU over packed sequences -> Linear(200, 18)), PyTorch's default initialization after
torch.manual_seed(0); batch size, loss and optimizer are the train block's of samples/recurrent/name-classifier.nnet
(batch 256, cross_entropy, Adam lr 0.001). Data: the first --batches batches of data/names_train.csv.gz in file
order, each as the seed builds it (ASCII codes zero-padded to the batch's longest name, the lengths, the country
indices in the sample's `labels` order), made before timing and cycled through. A step is zero_grad, forward
(pack_padded_sequence with enforce_sorted=False, so no sort is timed), loss, backward, optimizer step, loss.item().
Prints one JSON object. Thread counts: OMP_NUM_THREADS / OPENBLAS_NUM_THREADS / MKL_NUM_THREADS and --threads.

    OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 tools/bench/rnn_torch_throughput.py --threads 2
"""
import argparse
import json
import os
import pathlib
import re
import resource
import sys
import time

import torch
import torch.nn as nn

sys.dont_write_bytecode = True
REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools/parity"))
import name_classifier_fixture as fixture  # noqa: E402

SAMPLE = REPO / "samples/recurrent/name-classifier.nnet"


def train_block():
    """batch, lr from the sample's train block, refusing what this probe does not mirror."""
    body = re.sub(r"//[^\n]*", "", re.search(r"^train\s+\w+\s*\{(.*?)^\}", SAMPLE.read_text(), re.S | re.M).group(1))
    batch = int(re.search(r"^\s*batch\s+(\d+)", body, re.M).group(1))
    loss = re.search(r"^\s*loss\s+(.+?)\s*$", body, re.M).group(1)
    optimizer = re.search(r"^\s*optimizer\s+(.+?)\s*$", body, re.M).group(1)
    match = re.fullmatch(r"adam\(lr=([0-9.]+)\)", optimizer)
    if loss != "cross_entropy" or not match:
        raise SystemExit(f"{SAMPLE}: loss `{loss}`, optimizer `{optimizer}`; this probe mirrors cross_entropy and "
                         f"adam(lr=...) only")
    return batch, float(match.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    parser.add_argument("--warmup", type=int, default=10, help="untimed training steps first")
    parser.add_argument("--steps", type=int, default=60, help="timed training steps")
    parser.add_argument("--windows", type=int, default=3, help="the timed steps are reported in this many windows")
    parser.add_argument("--batches", type=int, default=26, help="batches preloaded and cycled through")
    args = parser.parse_args()
    if args.steps % args.windows:
        raise SystemExit(f"--steps {args.steps} must be a multiple of --windows {args.windows}")
    batch, lr = train_block()
    labels = fixture.sample_labels()
    fixture.STEPS, fixture.BATCH = args.batches, batch
    batches = [b for b in fixture.batches(labels) if len(b[0]) == batch]
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = fixture.NameClassifier(len(labels))
    model.train()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)

    def step(i):
        codes, lengths, targets = batches[i % len(batches)]
        optimizer.zero_grad()
        loss = loss_fn(model(codes, lengths), targets)
        loss.backward()
        optimizer.step()
        return loss.item()

    first_loss = step(0)
    for i in range(1, args.warmup):
        step(i)
    per_window = args.steps // args.windows
    marks = [time.perf_counter()]
    loss_sum = 0.0
    i = args.warmup
    for _ in range(args.windows):
        for _ in range(per_window):
            loss_sum += step(i)
            i += 1
        marks.append(time.perf_counter())
    seconds = marks[-1] - marks[0]
    print(json.dumps({
        "side": "pytorch", "network": "name-classifier", "threads": torch.get_num_threads(), "batch": batch,
        "preloaded_batches": len(batches), "warmup_steps": args.warmup, "steps": args.steps,
        "seconds": round(seconds, 4), "samples_per_s": round(args.steps * batch / seconds, 1),
        "samples_per_s_windows": [round(per_window * batch / (b - a), 1) for a, b in zip(marks, marks[1:])],
        "ms_per_step": round(1000 * seconds / args.steps, 3), "first_loss": round(first_loss, 5),
        "mean_loss_timed": round(loss_sum / args.steps, 5), "torch": torch.__version__,
        "env": {k: os.environ.get(k, "unset") for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
        "self_peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))


if __name__ == "__main__":
    main()
