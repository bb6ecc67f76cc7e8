#!/usr/bin/python3
"""Writes PyTorch reference fixtures for every feed-forward seed network (samples/basics, samples/mnist).

For each network, compiler/src/test/resources/parity/<stem>/ gets the initial weights, the weights after 20 steps
of SGD (lr 0.01, momentum 0.9) and of Adam (lr 0.001) from that start, the loss before every step, and (for the
small networks) the batches, so nnet's generated trainer can be run from the same start on the same batches and
compared. See tools/parity/README.md.

    /usr/bin/python3 tools/parity/make_fixtures.py            # (re)write every fixture
    /usr/bin/python3 tools/parity/make_fixtures.py --check    # re-run from the files on disk and compare
"""
import os

# Single-threaded BLAS before numpy/torch load it, so no reduction order can depend on the thread count.
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"

import argparse
import gzip
import json
import pathlib
import re
import sys

import numpy as np
import torch
import torch.nn as nn

sys.dont_write_bytecode = True  # importing the sibling modules must not leave __pycache__ in the worktree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import safetensors_f32  # noqa: E402
from mirrors import MIRRORS  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
OUT = REPO / "compiler/src/test/resources/parity"
STEPS = 20
SGD = {"lr": 0.01, "momentum": 0.9}
ADAM = {"lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-08}
MNIST_BATCH = 8
PYTORCH_INIT = "pytorch-default after torch.manual_seed(0)"
TRAIN_BLOCK_INIT = "the train block's init statements"


def half_summed_mse(output, target):
    """`0.5 * mse(reduction=sum)`: half the summed squared error, in float32."""
    return 0.5 * nn.functional.mse_loss(output, target, reduction="sum")


# The train block's loss statement, exactly as written, and the PyTorch loss it means.
LOSSES = {
    "cross_entropy": nn.CrossEntropyLoss(),
    "bce": nn.BCELoss(),
    "bce(reduction=sum)": nn.BCELoss(reduction="sum"),
    "bce_with_logits": nn.BCEWithLogitsLoss(),
    "mse(reduction=sum)": nn.MSELoss(reduction="sum"),
    "0.5 * mse(reduction=sum)": half_summed_mse,
}

# stem -> (family, loss statement, train data statement, source of the batches). The loss and data statements are
# checked against the .nnet file, so a sample edited later fails here instead of silently drifting.
NETWORKS = {
    "linear-regression": ("basics", "mse(reduction=sum)",
                          "tensors(x=[[1.0], [2.0], [3.0]], target=[[2.0], [4.0], [6.0]])", "inline"),
    "logistic-regression": ("basics", "bce(reduction=sum)",
                            "tensors(x=[[1.0], [2.0], [3.0]], target=[[0.0], [0.0], [1.0]])", "inline"),
    "backprop-worked-example": ("basics", "0.5 * mse(reduction=sum)",
                                "tensors(x=[[0.10, 0.20]], target=[[0.85, 0.30]])", "inline"),
    "diabetes": ("basics", "bce", 'csv("data/diabetes.csv", label=-1, header=true)', "diabetes"),
    "diabetes-minibatch": ("basics", "bce", 'csv("data/diabetes.csv", label=-1, header=true)', "diabetes"),
    "flower": ("basics", "bce_with_logits", "planar_flower(points=400, seed=1)", "gaussian"),
    "flower-5layer": ("basics", "bce_with_logits", "planar_flower(points=400, seed=1)", "gaussian"),
    "mnist-mlp-sigmoid": ("mnist", "cross_entropy", 'mnist("train", normalize(0.5, 0.5))', "mnist"),
    "mnist-mlp-3": ("mnist", "cross_entropy", 'mnist("train", normalize(0.5, 0.5))', "mnist"),
    "mnist-mlp-5": ("mnist", "cross_entropy", 'mnist("train", normalize(0.1307, 0.3081))', "mnist"),
    "mnist-mlp-5-sigmoid": ("mnist", "cross_entropy", 'mnist("train", normalize(0.1307, 0.3081))', "mnist"),
    "fashion-mlp": ("mnist", "cross_entropy", 'fashion_mnist("train")', "mnist"),
    "mnist-cnn": ("mnist", "cross_entropy", 'mnist("train", normalize(0.1307, 0.3081))', "mnist"),
    "mnist-cnn-3fc": ("mnist", "cross_entropy", 'mnist("train", normalize(0.1307, 0.3081))', "mnist"),
    "mnist-inception": ("mnist", "cross_entropy", 'mnist("train", normalize(0.1307, 0.3081))', "mnist"),
    "mnist-resnet": ("mnist", "cross_entropy", 'mnist("train", normalize(0.1307, 0.3081))', "mnist"),
    "lenet": ("mnist", "cross_entropy", 'mnist("train", pad(2), normalize(0.1307, 0.3081))', "mnist"),
}

# Inline data of the tensors(...) statements: (x rows, target rows).
INLINE = {
    "linear-regression": ([[1.0], [2.0], [3.0]], [[2.0], [4.0], [6.0]]),
    "logistic-regression": ([[1.0], [2.0], [3.0]], [[0.0], [0.0], [1.0]]),
    "backprop-worked-example": ([[0.10, 0.20]], [[0.85, 0.30]]),
}

# The train block's `init` statements, where a sample has them (the worked example's fixed weights).
TRAIN_BLOCK_INITS = {
    "backprop-worked-example": {
        "hidden.weight": [[0.05, 0.15], [0.10, 0.20]],
        "hidden.bias": [0.35, 0.35],
        "output.weight": [[0.25, 0.35], [0.30, 0.40]],
        "output.bias": [0.50, 0.50],
    },
}

# (mean, std) of normalize(...) and the padding of pad(...), in the order the data statement applies them.
MNIST_TRANSFORMS = {
    'mnist("train", normalize(0.5, 0.5))': [("normalize", 0.5, 0.5)],
    'mnist("train", normalize(0.1307, 0.3081))': [("normalize", 0.1307, 0.3081)],
    'mnist("train", pad(2), normalize(0.1307, 0.3081))': [("pad", 2), ("normalize", 0.1307, 0.3081)],
    'fashion_mnist("train")': [],
}

FASHION_NOTE = ("Fashion-MNIST is not shipped with the repository: the batches are the MNIST training images, "
                "scaled to [0, 1] without normalization as fashion_mnist(\"train\") would be (architecture parity).")


def sample_path(stem):
    family = NETWORKS[stem][0]
    return f"samples/{family}/{stem}.nnet"


def check_sample_statements(stem):
    """Fails unless the sample still has the loss and train data statements this script mirrors."""
    _, loss, data, _ = NETWORKS[stem]
    text = (REPO / sample_path(stem)).read_text()
    for line in (f"loss {loss}", f"data train = {data}"):
        if line not in text:
            raise SystemExit(f"{sample_path(stem)}: expected the statement `{line}`; update NETWORKS in {__file__}")


def golden_layers(stem):
    """{layer path: parameter count} for every leaf layer with parameters in the golden summary, and the total."""
    family = NETWORKS[stem][0]
    lines = (REPO / f"compiler/src/test/resources/golden/{family}/{stem}.summary.txt").read_text().splitlines()
    rows = []
    for line in lines:
        match = re.match(r"^( *)(\S+) \(\w+\)\s+\[[^]]*\]\s+([\d,]+|--)\s", line)
        if match:
            rows.append((len(match.group(1)) // 2, match.group(2), match.group(3)))
    total = int(next(l for l in lines if l.startswith("Total params:")).split(":")[1].replace(",", ""))
    layers = {}
    path = []
    for i, (depth, name, count) in enumerate(rows):
        path = path[:depth] + [name]
        is_parent = i + 1 < len(rows) and rows[i + 1][0] > depth
        if count != "--" and not is_parent:
            layers[".".join(path)] = int(count.replace(",", ""))
    return layers, total


def check_names(stem, weights):
    """Fails unless the mirror's parameter names and counts are nnet's, as the golden summary lists them."""
    layers, total = golden_layers(stem)
    mine = {}
    for name, array in weights.items():
        layer = name.rsplit(".", 1)[0]
        mine[layer] = mine.get(layer, 0) + int(array.size)
    if mine != layers or sum(mine.values()) != total:
        raise SystemExit(f"{stem}: mirror layers {mine} differ from the golden summary {layers} (total {total})")


def read_idx(path, magic):
    """The array stored in a gzip-compressed IDX file (big-endian header: magic, dimension sizes; then bytes)."""
    raw = gzip.decompress(path.read_bytes())
    found = int.from_bytes(raw[0:4], "big")
    if found != magic:
        raise SystemExit(f"{path}: IDX magic {found:#x}, expected {magic:#x}")
    rank = magic & 0xFF
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def mnist_batches(data_statement):
    """Step k's batch: MNIST training images k*8 .. k*8+7 in file order, converted as nnet's runtime does."""
    count = STEPS * MNIST_BATCH
    images = read_idx(REPO / "data/mnist/train-images-idx3-ubyte.gz", 0x00000803)[:count]
    labels = read_idx(REPO / "data/mnist/train-labels-idx1-ubyte.gz", 0x00000801)[:count]
    x = images.astype(np.float32) / np.float32(255)
    for transform in MNIST_TRANSFORMS[data_statement]:
        if transform[0] == "pad":
            p = transform[1]
            x = np.pad(x, ((0, 0), (p, p), (p, p)), mode="constant", constant_values=np.float32(0))
        else:
            x = (x - np.float32(transform[1])) / np.float32(transform[2])
    assert x.dtype == np.float32
    x = x.reshape(STEPS, MNIST_BATCH, 1, x.shape[-2], x.shape[-1])
    y = labels.astype(np.int64).reshape(STEPS, MNIST_BATCH)
    return x, y


def diabetes_batches():
    """The first 20*8 rows of data/diabetes.csv (header skipped): 8 raw feature columns, label = last column."""
    lines = (REPO / "data/diabetes.csv").read_text().splitlines()[1:1 + STEPS * 8]
    rows = np.array([[np.float32(v) for v in line.split(",")] for line in lines], dtype=np.float32)
    return rows[:, :8].reshape(STEPS, 8, 8), rows[:, 8:].reshape(STEPS, 8, 1)


def gaussian_batches():
    """8 standard-normal 2-D points per step from RandomState(0), labelled 1.0 where x0*x1 > 0 else 0.0."""
    points = np.random.RandomState(0).standard_normal((STEPS * 8, 2)).astype(np.float32)
    labels = (points[:, 0] * points[:, 1] > 0).astype(np.float32)
    return points.reshape(STEPS, 8, 2), labels.reshape(STEPS, 8, 1)


def inline_batches(stem):
    """The same full batch of inline data at every step."""
    xs, ys = INLINE[stem]
    x = np.array(xs, dtype=np.float32)
    y = np.array(ys, dtype=np.float32)
    return np.stack([x] * STEPS), np.stack([y] * STEPS)


def make_batches(stem):
    """(x, y) with a leading step axis of length 20."""
    _, _, data, source = NETWORKS[stem]
    if source == "mnist":
        return mnist_batches(data)
    if source == "diabetes":
        return diabetes_batches()
    if source == "gaussian":
        return gaussian_batches()
    return inline_batches(stem)


def initial_weights(stem):
    """The initial state_dict as float32 numpy arrays, in state_dict order."""
    torch.manual_seed(0)
    model = MIRRORS[stem]()
    weights = {name: t.detach().clone().numpy() for name, t in model.state_dict().items()}
    for name, value in TRAIN_BLOCK_INITS.get(stem, {}).items():
        if weights[name].shape != np.shape(value):
            raise SystemExit(f"{stem}: init {name} has shape {np.shape(value)}, parameter is {weights[name].shape}")
        weights[name] = np.array(value, dtype=np.float32)
    return weights


def train(stem, init, batches, optimizer_name):
    """Trains a fresh mirror loaded with `init` for 20 steps; returns (losses before each step, final weights)."""
    model = MIRRORS[stem]()
    model.load_state_dict({name: torch.from_numpy(array.copy()) for name, array in init.items()})
    if optimizer_name == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=SGD["lr"], momentum=SGD["momentum"])
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=ADAM["lr"], betas=tuple(ADAM["betas"]),
                                     eps=ADAM["eps"], foreach=False)
    loss_fn = LOSSES[NETWORKS[stem][1]]
    xs, ys = batches
    losses = []
    for k in range(STEPS):
        optimizer.zero_grad()
        loss = loss_fn(model(torch.from_numpy(xs[k])), torch.from_numpy(ys[k]))
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    final = {name: t.detach().clone().numpy() for name, t in model.state_dict().items()}
    return losses, final


def meta_for(stem, init, batches, sgd_losses, adam_losses):
    _, loss, data, source = NETWORKS[stem]
    meta = {
        "sample": sample_path(stem),
        "data": data,
        "steps": STEPS,
        "batch": int(batches[0].shape[1]),
        "batches": "mnist-train" if source == "mnist" else "batches.safetensors",
        "loss": loss,
        "params": int(sum(a.size for a in init.values())),
        "init": TRAIN_BLOCK_INIT if stem in TRAIN_BLOCK_INITS else PYTORCH_INIT,
        "sgd": {"lr": SGD["lr"], "momentum": SGD["momentum"], "losses": sgd_losses},
        "adam": {"lr": ADAM["lr"], "betas": ADAM["betas"], "eps": ADAM["eps"], "losses": adam_losses},
        "torch": torch.__version__,
    }
    if stem == "fashion-mlp":
        meta["note"] = FASHION_NOTE
    return meta


def write_network(stem):
    """Writes parity/<stem>/ and returns {file name: size in bytes} and the parameter count."""
    check_sample_statements(stem)
    folder = OUT / stem
    folder.mkdir(parents=True, exist_ok=True)
    init = initial_weights(stem)
    check_names(stem, init)
    batches = make_batches(stem)
    sgd_losses, sgd_final = train(stem, init, batches, "sgd")
    adam_losses, adam_final = train(stem, init, batches, "adam")
    sizes = {
        "init.safetensors": safetensors_f32.write(folder / "init.safetensors", init),
        "sgd.safetensors": safetensors_f32.write(folder / "sgd.safetensors", sgd_final),
        "adam.safetensors": safetensors_f32.write(folder / "adam.safetensors", adam_final),
    }
    if NETWORKS[stem][3] != "mnist":
        sizes["batches.safetensors"] = safetensors_f32.write(
            folder / "batches.safetensors", {"x": batches[0], "y": batches[1]})
    meta = json.dumps(meta_for(stem, init, batches, sgd_losses, adam_losses), indent=2) + "\n"
    (folder / "meta.json").write_text(meta)
    sizes["meta.json"] = len(meta.encode("utf-8"))
    return sizes, int(sum(a.size for a in init.values()))


def check_network(stem):
    """Re-runs both trainings from the files on disk and asserts identical losses and final weights."""
    folder = OUT / stem
    meta = json.loads((folder / "meta.json").read_text())
    init = safetensors_f32.read(folder / "init.safetensors")
    check_names(stem, init)
    if meta["batches"] == "batches.safetensors":
        stored = safetensors_f32.read(folder / "batches.safetensors")
        batches = (stored["x"], stored["y"])
    else:
        batches = make_batches(stem)
    for optimizer_name in ("sgd", "adam"):
        losses, final = train(stem, init, batches, optimizer_name)
        if losses != meta[optimizer_name]["losses"]:
            raise AssertionError(f"{stem} {optimizer_name}: losses {losses} != meta.json {meta[optimizer_name]}")
        expected = safetensors_f32.read(folder / f"{optimizer_name}.safetensors")
        if list(expected) != list(final):
            raise AssertionError(f"{stem} {optimizer_name}: names {list(final)} != file {list(expected)}")
        for name, array in final.items():
            if array.tobytes() != expected[name].tobytes():
                raise AssertionError(f"{stem} {optimizer_name}: {name} differs from {optimizer_name}.safetensors")
    print(f"{stem}: sgd and adam reproduce meta.json losses and final weights exactly")


def write_readme(rows):
    """The generated index parity/README.md: every network, its parameter count and its file sizes."""
    total = sum(sum(sizes.values()) for _, _, sizes in rows)
    lines = [
        "# PyTorch parity fixtures",
        "",
        "Generated by `tools/parity/make_fixtures.py` (do not edit; see `tools/parity/README.md` for the format).",
        f"PyTorch {torch.__version__}; 20 steps of SGD (lr 0.01, momentum 0.9) and of Adam (lr 0.001) from `init`.",
        "",
        "| network | sample | params | init | sgd | adam | batches | meta.json | total bytes |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for stem, params, sizes in rows:
        batches = f"{sizes['batches.safetensors']:,}" if "batches.safetensors" in sizes else "—"
        lines.append(
            f"| `{stem}` | `{sample_path(stem)}` | {params:,} | {sizes['init.safetensors']:,} "
            f"| {sizes['sgd.safetensors']:,} | {sizes['adam.safetensors']:,} | {batches} "
            f"| {sizes['meta.json']:,} | {sum(sizes.values()):,} |")
    lines += ["", f"Total: {total:,} bytes.", ""]
    (OUT / "README.md").write_text("\n".join(lines))
    return total


def configure_torch():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.set_default_dtype(torch.float32)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="re-run the 20 steps from the files on disk and assert identical losses and weights")
    args = parser.parse_args()
    configure_torch()
    if args.check:
        for stem in NETWORKS:
            check_network(stem)
        return
    rows = []
    for stem in NETWORKS:
        sizes, params = write_network(stem)
        rows.append((stem, params, sizes))
        print(f"{stem}: {params:,} params, {sum(sizes.values()):,} bytes")
    print(f"total: {write_readme(rows):,} bytes")


if __name__ == "__main__":
    main()
