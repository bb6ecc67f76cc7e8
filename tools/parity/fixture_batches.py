"""The 20 batches of a parity run, built from the repository's data exactly as nnet's runtime builds them.

- MNIST family (B = 8, or 32 for a network with a conv2d layer, see CONV_BATCH): step k uses training images and
  labels k*B .. k*B+B-1 in file order, `float32(byte) / 255` then the data statement's transforms in order, in float32.
- inline `tensors(...)` data: the same full batch at every step.
- diabetes (B = 8): rows 1 .. 160 of data/diabetes.csv after the header, 8 raw feature columns and the label.
- flower (B = 8): RandomState(0).standard_normal((160, 2)) as float32, labelled 1.0 where x0 * x1 > 0.
"""
import gzip

import numpy as np

STEPS = 20
BATCH = 8
# A network with a conv2d layer trains on batches of 32: nnet's tests run with two kernel threads, a convolution net
# splits the batch between them, and each share of 16 samples is one block of nnet's "lanes" convolution
# (LaneConv, which needs at least 16 samples, the float lanes of an AVX-512 vector), so parity covers that path too.
CONV_BATCH = 32

# Inline data of the tensors(...) statements: (x rows, target rows).
INLINE = {
    "linear-regression": ([[1.0], [2.0], [3.0]], [[2.0], [4.0], [6.0]]),
    "logistic-regression": ([[1.0], [2.0], [3.0]], [[0.0], [0.0], [1.0]]),
    "backprop-worked-example": ([[0.10, 0.20]], [[0.85, 0.30]]),
}

# (mean, std) of normalize(...) and the padding of pad(...), in the order the data statement applies them.
MNIST_TRANSFORMS = {
    'mnist("train", normalize(0.5, 0.5))': [("normalize", 0.5, 0.5)],
    'mnist("train", normalize(0.1307, 0.3081))': [("normalize", 0.1307, 0.3081)],
    'mnist("train", pad(2), normalize(0.1307, 0.3081))': [("pad", 2), ("normalize", 0.1307, 0.3081)],
    'fashion_mnist("train")': [],
}


def read_idx(path, magic):
    """The array stored in a gzip-compressed IDX file (big-endian header: magic, dimension sizes; then bytes)."""
    raw = gzip.decompress(path.read_bytes())
    found = int.from_bytes(raw[0:4], "big")
    if found != magic:
        raise SystemExit(f"{path}: IDX magic {found:#x}, expected {magic:#x}")
    rank = magic & 0xFF
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def mnist_batches(repo, data_statement, batch):
    """Step k's batch: MNIST training images k*batch .. k*batch+batch-1 in file order, converted as nnet's runtime
    does."""
    count = STEPS * batch
    images = read_idx(repo / "data/mnist/train-images-idx3-ubyte.gz", 0x00000803)[:count]
    labels = read_idx(repo / "data/mnist/train-labels-idx1-ubyte.gz", 0x00000801)[:count]
    x = images.astype(np.float32) / np.float32(255)
    for transform in MNIST_TRANSFORMS[data_statement]:
        if transform[0] == "pad":
            p = transform[1]
            x = np.pad(x, ((0, 0), (p, p), (p, p)), mode="constant", constant_values=np.float32(0))
        else:
            x = (x - np.float32(transform[1])) / np.float32(transform[2])
    assert x.dtype == np.float32
    x = x.reshape(STEPS, batch, 1, x.shape[-2], x.shape[-1])
    y = labels.astype(np.int64).reshape(STEPS, batch)
    return x, y


def diabetes_batches(repo):
    """The first 20*8 rows of data/diabetes.csv (header skipped): 8 raw feature columns, label = last column."""
    lines = (repo / "data/diabetes.csv").read_text().splitlines()[1:1 + STEPS * BATCH]
    rows = np.array([[np.float32(v) for v in line.split(",")] for line in lines], dtype=np.float32)
    return rows[:, :8].reshape(STEPS, BATCH, 8), rows[:, 8:].reshape(STEPS, BATCH, 1)


def gaussian_batches():
    """8 standard-normal 2-D points per step from RandomState(0), labelled 1.0 where x0*x1 > 0 else 0.0."""
    points = np.random.RandomState(0).standard_normal((STEPS * BATCH, 2)).astype(np.float32)
    labels = (points[:, 0] * points[:, 1] > 0).astype(np.float32)
    return points.reshape(STEPS, BATCH, 2), labels.reshape(STEPS, BATCH, 1)


def inline_batches(stem):
    """The same full batch of inline data at every step."""
    xs, ys = INLINE[stem]
    x = np.array(xs, dtype=np.float32)
    y = np.array(ys, dtype=np.float32)
    return np.stack([x] * STEPS), np.stack([y] * STEPS)


def make_batches(repo, stem, data_statement, source, batch):
    """(x, y) with a leading step axis of length 20, for a network whose batches come from `source`, `batch` samples
    a step (inline data: all of it)."""
    if source == "mnist":
        return mnist_batches(repo, data_statement, batch)
    if batch != BATCH:
        raise SystemExit(f"{stem}: batches of {batch} are only made for MNIST networks")
    if source == "diabetes":
        return diabetes_batches(repo)
    if source == "gaussian":
        return gaussian_batches()
    return inline_batches(stem)
