"""The PyTorch side of "the name classifier matches PyTorch's per-step losses for 20 steps from the same weights
and batches": writes compiler/src/test/resources/parity-recurrent/name-classifier.json, which
compiler/src/test/java/dev/nnet/parity/NameClassifierParityTest.java reads (it needs no Python).

The network is the seed's RNNClassifier (samples/recurrent/name-classifier.nnet): Embedding(128, 100) ->
GRU(100, 100, 2 layers, bidirectional) over packed sequences -> cat(h[-1], h[-2]) -> Linear(200, 18). The start is
the counter-based initialization of counter_init.py (embedding bound 1, GRU bound 1/sqrt(100) as PyTorch's default,
fc bound 1/sqrt(200)), so no weights are stored. The batches are the first 20 x BATCH rows of
data/names_train.csv.gz in file order, classes indexed by the sample's `labels` (the countries sorted, as the
seed's sorted(set(countries))); the Java test reads the same rows through the runtime's names(...) reader. The
train block's loss (cross_entropy) and optimizer kind (Adam, lr 0.001) are kept; eps is 1e-5 for the reason
fixture_training.py gives, and the test rewrites the optimizer statement to match. The losses are checked
against a float64 run from the same start; its worst tolerance ratio is stored as `conditioning`.

    /usr/bin/python3 tools/parity/name_classifier_fixture.py           # writes the fixture (deterministic)
    /usr/bin/python3 tools/parity/name_classifier_fixture.py --check   # asserts the file on disk is reproduced
"""
import argparse
import csv
import gzip
import json
import pathlib
import re
import sys

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence

sys.dont_write_bytecode = True
sys.path.insert(0, str(pathlib.Path(__file__).parent))
import counter_init  # noqa: E402
from fixture_training import tolerance_ratio  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = "samples/recurrent/name-classifier.nnet"
DATA = "data/names_train.csv.gz"
OUT = REPO / "compiler/src/test/resources/parity-recurrent/name-classifier.json"
STEPS, BATCH, SEED = 20, 16, 0
HIDDEN, LAYERS, CHARS = 100, 2, 128
ADAM = {"lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-05}


class NameClassifier(nn.Module):
    """The seed's RNNClassifier, its state_dict names those of the sample's layers."""

    def __init__(self, countries):
        super().__init__()
        self.embedding = nn.Embedding(CHARS, HIDDEN)
        self.gru = nn.GRU(HIDDEN, HIDDEN, LAYERS, bidirectional=True)
        self.fc = nn.Linear(HIDDEN * 2, countries)

    def forward(self, inputs, lengths):
        embedded = self.embedding(inputs.t())  # [L, N, H]: the GRU is sequence-first
        hidden = torch.zeros(LAYERS * 2, inputs.size(0), HIDDEN, dtype=embedded.dtype)
        _, hidden = self.gru(pack_padded_sequence(embedded, lengths, enforce_sorted=False), hidden)
        return self.fc(torch.cat([hidden[-1], hidden[-2]], dim=1))


def sample_labels():
    text = (REPO / SAMPLE).read_text()
    match = re.search(r"^\s*labels\s+((?:\"[^\"]*\"\s*,?\s*)+)", text, re.M)
    if not match:
        raise SystemExit(f"{SAMPLE}: no labels statement")
    return re.findall(r"\"([^\"]*)\"", match.group(1))


def batches(labels):
    with gzip.open(REPO / DATA, "rt", encoding="ascii") as f:
        rows = list(csv.reader(f))
    if sorted(set(r[1] for r in rows)) != labels:
        raise SystemExit(f"{SAMPLE}'s labels are not the sorted countries of {DATA}")
    index = {c: i for i, c in enumerate(labels)}
    out = []
    for k in range(STEPS):
        chunk = rows[k * BATCH:(k + 1) * BATCH]
        lengths = torch.tensor([len(name) for name, _ in chunk])
        codes = torch.zeros(len(chunk), int(lengths.max()), dtype=torch.long)
        for i, (name, _) in enumerate(chunk):
            codes[i, :len(name)] = torch.tensor([ord(ch) for ch in name])
        out.append((codes, lengths, torch.tensor([index[c] for _, c in chunk])))
    return out


def start(model):
    """The counter-uniform start, and each tensor's name, shape and bound in state_dict order."""
    tensors, state = [], {}
    for t, (name, p) in enumerate(model.state_dict().items()):
        bound = 1.0 if name.startswith("embedding") else float(counter_init.default_bound(
            HIDDEN * 2 if name.startswith("fc") else HIDDEN))
        state[name] = torch.from_numpy(counter_init.uniform(t, tuple(p.shape), bound, SEED))
        tensors.append({"name": name, "shape": list(p.shape), "init_bound": bound})
    return state, tensors


def train(labels, data, dtype):
    model = NameClassifier(len(labels))
    state, tensors = start(model)
    model.load_state_dict(state)
    model.to(dtype)
    optimizer = torch.optim.Adam(model.parameters(), lr=ADAM["lr"], betas=tuple(ADAM["betas"]), eps=ADAM["eps"],
                                 foreach=False)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for codes, lengths, targets in data:
        optimizer.zero_grad()
        loss = loss_fn(model(codes, lengths), targets)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return losses, tensors, sum(p.numel() for p in model.parameters())


def fixture():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    labels = sample_labels()
    data = batches(labels)
    losses, tensors, params = train(labels, data, torch.float32)
    losses64, _, _ = train(labels, data, torch.float64)
    return {
        "sample": SAMPLE, "data": DATA, "steps": STEPS, "batch": BATCH, "loss": "cross_entropy",
        "params": params, "init": "counter-uniform", "init_seed": SEED, "tensors": tensors,
        "adam": dict(ADAM, losses=losses, conditioning=round(tolerance_ratio(losses, losses64), 4)),
        "torch": torch.__version__,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="assert the fixture on disk is reproduced exactly")
    args = parser.parse_args()
    text = json.dumps(fixture(), indent=1) + "\n"
    if args.check:
        if OUT.read_text() != text:
            raise SystemExit(f"{OUT} is not what this script writes; regenerate it")
        print(f"{OUT.relative_to(REPO)}: reproduced")
        return
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"{OUT.relative_to(REPO)}: {STEPS} losses, conditioning {json.loads(text)['adam']['conditioning']}")


if __name__ == "__main__":
    main()
