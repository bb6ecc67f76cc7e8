"""The counter-based initialization of the parity fixtures, which the Java test reproduces bit for bit.

Element i (row-major) of the t-th tensor of a network (state_dict order, from 0) is

    c = t * 2**32 + i
    z = splitmix64_mix((c + 1) * 0x9E3779B97F4A7C15 mod 2**64)
    u = (z >> 40) * 2**-24                        # 24 random bits: uniform in [0, 1)
    w = float32((2 * u - 1) * bound)              # in double, rounded once to float32

where splitmix64_mix(z) is z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB;
z ^= z >> 31 (all mod 2**64), and bound = 1 / sqrt(fan_in) in double is PyTorch's default bound for both the
weight (kaiming_uniform_ with a = sqrt(5)) and the bias of nn.Linear and nn.Conv2d; fan_in is the weight's
in_features, or in_channels * kh * kw. So init is distributed as PyTorch's default, but needs no file.
"""
import numpy as np

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)


def _mix(z):
    z = (z ^ (z >> np.uint64(30))) * MIX1
    z = (z ^ (z >> np.uint64(27))) * MIX2
    return z ^ (z >> np.uint64(31))


def uniform(tensor_index, shape, bound, seed=0):
    """The float32 array of `shape` for the tensor at `tensor_index` of a network initialized with `seed`."""
    count = int(np.prod(shape, dtype=np.int64))
    if count >= 2 ** 32:
        raise ValueError(f"tensor {tensor_index} has {count} elements; the counter allows fewer than 2**32")
    with np.errstate(over="ignore"):
        c = (np.uint64(tensor_index) << np.uint64(32)) + np.arange(count, dtype=np.uint64)
        z = _mix(np.uint64(seed) + (c + np.uint64(1)) * GOLDEN)
    u = (z >> np.uint64(40)).astype(np.float64) * 2.0 ** -24
    return ((2.0 * u - 1.0) * bound).astype(np.float32).reshape(shape)


def default_bound(fan_in):
    """PyTorch's default initialization bound for nn.Linear and nn.Conv2d weights and biases."""
    return 1.0 / np.sqrt(np.float64(fan_in))
