"""A minimal, deterministic safetensors writer and reader for F32 tensors.

Written by hand rather than with the `safetensors` package (Debian has none) so the bytes depend only on the
tensors: an 8-byte little-endian header length, a compact JSON header whose keys are in the given order and
which is padded with spaces to a multiple of 8 bytes, then the raw little-endian float32 data of each tensor
in the same order, with no gaps.
"""
import json
import struct

import numpy as np


def encode(tensors):
    """Bytes of a safetensors file holding `tensors`, an ordered mapping of name -> float32 numpy array."""
    header = {}
    blobs = []
    offset = 0
    for name, array in tensors.items():
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def decode(raw):
    """The ordered mapping name -> float32 numpy array stored in the safetensors bytes `raw`."""
    (length,) = struct.unpack_from("<Q", raw, 0)
    header = json.loads(raw[8:8 + length].decode("utf-8"))
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise ValueError(f"tensor {name}: dtype {entry['dtype']}, only F32 is supported")
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(raw, dtype="<f4", count=(end - begin) // 4, offset=base + begin) \
            .reshape(entry["shape"]).astype(np.float32)
    return tensors


def write(path, tensors):
    """Writes `tensors` to `path` and reads the file back to prove the round trip is exact."""
    raw = encode(tensors)
    path.write_bytes(raw)
    back = decode(path.read_bytes())
    if list(back) != list(tensors):
        raise AssertionError(f"{path}: names read back {list(back)} differ from written {list(tensors)}")
    for name, array in tensors.items():
        if back[name].shape != array.shape or back[name].tobytes() != np.asarray(array, "<f4").tobytes():
            raise AssertionError(f"{path}: tensor {name} does not read back bit for bit")
    return len(raw)


def read(path):
    """The ordered mapping name -> float32 numpy array in the safetensors file at `path`."""
    return decode(path.read_bytes())
