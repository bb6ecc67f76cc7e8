"""Writes what a PyTorch user hands to `nnet train --init-from` or `nnet eval --weights`: the state_dict of the
seed's mnist-cnn (`MnistCnn` in mirrors.py) right after PyTorch's default initialization with
torch.manual_seed(0), as safetensors, to compiler/src/test/resources/torch/mnist-cnn-init.safetensors.

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/make_state_dict.py (deterministic: same bytes each run).
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mirrors  # noqa: E402
import safetensors_f32  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "compiler", "src", "test", "resources", "torch", "mnist-cnn-init.safetensors")


def main():
    torch.manual_seed(0)
    model = mirrors.MnistCnn()
    tensors = {name: t.detach().numpy() for name, t in model.state_dict().items()}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "wb") as f:
        f.write(safetensors_f32.encode(tensors))
    print(f"wrote {OUT}: " + ", ".join(f"{n} {list(a.shape)}" for n, a in tensors.items()))


if __name__ == "__main__":
    main()
