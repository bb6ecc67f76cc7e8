"""Final weights stored as integer multiples of a fixed grid away from the initial weights.

A final weight b (float32, from PyTorch) whose initial value is w0 is stored as k = round((b - w0) / GRID) and
read back as rec = double(w0) + double(k) * GRID, in double precision (the Java test does the same operations, so
it gets the same doubles). `quantize` proves |rec - b| <= GRID / 2 for every element before anything is written.
A test that accepts nnet's value a only when |a - rec| <= 1e-6 + 1e-4 * |rec| - (1 + 1e-4) * GRID / 2 has thereby
shown |a - b| <= 1e-6 + 1e-4 * |b| for PyTorch's exact b (triangle inequality), so the check is never looser
than the required tolerance; it is stricter by at most 2.4e-7.

The file is gzip (level 9, mtime 0) of the integers of all tensors, in state_dict order and row-major within a
tensor, each zigzag-encoded (k >= 0 -> 2k, k < 0 -> -2k - 1) and then written as an unsigned LEB128 varint
(7 bits per byte, least significant first, high bit set on every byte but the last).
"""
import gzip

import numpy as np

GRID = 2.0 ** -21


def reconstruct(init, k):
    """rec = double(w0) + double(k) * GRID, flattened."""
    return init.astype(np.float64).ravel() + k.astype(np.float64) * GRID


def quantize(init, final):
    """The int64 grid steps from `init` to `final` (flattened); fails unless each is within GRID / 2."""
    b = final.astype(np.float64).ravel()
    k = np.rint((b - init.astype(np.float64).ravel()) / GRID).astype(np.int64)
    error = np.abs(reconstruct(init, k) - b)
    if error.size and error.max() > GRID / 2:
        raise AssertionError(f"grid reconstruction error {error.max()} exceeds GRID / 2 = {GRID / 2}")
    return k


def encode(steps):
    """gzip bytes of the zigzag LEB128 varints of the concatenated int64 arrays `steps`."""
    k = np.concatenate([s.ravel() for s in steps]) if steps else np.zeros(0, np.int64)
    u = ((k << 1) ^ (k >> 63)).astype(np.uint64)
    lengths = np.ones(u.size, np.int64)
    for shift in range(7, 64, 7):
        lengths += u >= (np.uint64(1) << np.uint64(shift))
    width = int(lengths.max(initial=1))
    j = np.arange(width)
    groups = ((u[:, None] >> (7 * j[None, :]).astype(np.uint64)) & np.uint64(0x7F)).astype(np.uint8)
    groups |= np.where(j[None, :] < lengths[:, None] - 1, 0x80, 0).astype(np.uint8)
    raw = groups[j[None, :] < lengths[:, None]].tobytes()
    return gzip.compress(raw, compresslevel=9, mtime=0)


def decode(data, sizes):
    """The int64 arrays of `sizes` elements each that `encode` wrote into `data`."""
    raw = np.frombuffer(gzip.decompress(data), np.uint8)
    last = raw < 0x80
    value = np.concatenate(([0], np.cumsum(last)[:-1])) if raw.size else np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate(([True], last[:-1]))) if raw.size else np.zeros(0, np.int64)
    position = np.arange(raw.size) - starts[value]
    u = np.zeros(int(last.sum()), np.uint64)
    np.bitwise_or.at(u, value, (raw & 0x7F).astype(np.uint64) << (7 * position).astype(np.uint64))
    k = (u >> np.uint64(1)).astype(np.int64) ^ -(u & np.uint64(1)).astype(np.int64)
    if k.size != sum(sizes):
        raise AssertionError(f"the file holds {k.size} integers, the tensors need {sum(sizes)}")
    return np.split(k, np.cumsum(sizes)[:-1])
