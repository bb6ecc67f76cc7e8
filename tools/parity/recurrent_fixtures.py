"""Writes PyTorch reference cases for one layer and one direction of nn.RNN, nn.GRU and nn.LSTM, the unit the
kernel dev.nnet.kernels.Recurrent computes, to runtime/src/test/resources/recurrent/ (read by RecurrentParityTest).

Each case runs a padded, sequence-first batch x [T, N, I] with a length per sample through
pack_padded_sequence -> the layer -> pad_packed_sequence (or the plain layer when every length is T), from random
weights, x and (optionally) initial states, then back-propagates fixed random gradients of the output and the final
states. The reverse direction is the second half of a bidirectional layer, whose forward half gets zero gradients.
Stored in float32: the inputs, the weights, the upstream gradients, and PyTorch's outputs, final states and every
gradient. Deterministic: run it twice and the files are the same bytes.

    /usr/bin/python3 tools/parity/recurrent_fixtures.py
"""
import pathlib
import sys

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import safetensors_f32  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
OUT = REPO / "runtime/src/test/resources/recurrent"
T, N, I, H = 5, 3, 4, 3


def layer(cell, bidirectional):
    kwargs = dict(input_size=I, hidden_size=H, num_layers=1, bidirectional=bidirectional)
    if cell == "gru":
        return nn.GRU(**kwargs)
    if cell == "lstm":
        return nn.LSTM(**kwargs)
    return nn.RNN(nonlinearity=cell.split("_")[1], **kwargs)


def case(cell, reverse, lengths, with_h0, seed):
    torch.manual_seed(seed)
    module = layer(cell, reverse)
    x = torch.randn(T, N, I, requires_grad=True)
    directions = 2 if reverse else 1
    h0 = torch.randn(directions, N, H, requires_grad=True) if with_h0 else None
    c0 = torch.randn(directions, N, H, requires_grad=True) if with_h0 and cell == "lstm" else None
    state = (h0, c0) if cell == "lstm" and with_h0 else h0
    if lengths is None:
        out, final = module(x, state)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths), enforce_sorted=False)
        out, final = module(packed, state)
        out, _ = pad_packed_sequence(out, total_length=T)
    hn, cn = final if cell == "lstm" else (final, None)
    d = 1 if reverse else 0
    d_out = torch.randn(T, N, H)
    d_hn = torch.randn(N, H)
    d_cn = torch.randn(N, H)
    loss = (out[:, :, d * H:(d + 1) * H] * d_out).sum() + (hn[d] * d_hn).sum()
    if cn is not None:
        loss = loss + (cn[d] * d_cn).sum()
    loss.backward()
    suffix = "_reverse" if reverse else ""
    tensors = {
        "x": x.detach(),
        "lengths": torch.tensor(lengths if lengths is not None else [T] * N, dtype=torch.float32),
        "weight_ih": getattr(module, "weight_ih_l0" + suffix).detach(),
        "weight_hh": getattr(module, "weight_hh_l0" + suffix).detach(),
        "bias_ih": getattr(module, "bias_ih_l0" + suffix).detach(),
        "bias_hh": getattr(module, "bias_hh_l0" + suffix).detach(),
        "d_out": d_out,
        "d_hn": d_hn,
        "out": out[:, :, d * H:(d + 1) * H].detach(),
        "hn": hn[d].detach(),
        "dx": x.grad,
        "d_weight_ih": getattr(module, "weight_ih_l0" + suffix).grad,
        "d_weight_hh": getattr(module, "weight_hh_l0" + suffix).grad,
        "d_bias_ih": getattr(module, "bias_ih_l0" + suffix).grad,
        "d_bias_hh": getattr(module, "bias_hh_l0" + suffix).grad,
    }
    if with_h0:
        tensors["h0"] = h0[d].detach()
        tensors["dh0"] = h0.grad[d]
    if cell == "lstm":
        tensors["d_cn"] = d_cn
        tensors["cn"] = cn[d].detach()
        if with_h0:
            tensors["c0"] = c0[d].detach()
            tensors["dc0"] = c0.grad[d]
    return {k: v.contiguous().numpy() for k, v in tensors.items()}


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    OUT.mkdir(parents=True, exist_ok=True)
    seed = 0
    for cell in ["rnn_tanh", "rnn_relu", "gru", "lstm"]:
        for reverse in [False, True]:
            for lengths in [None, [3, 5, 1]]:
                for with_h0 in [False, True]:
                    name = f"{cell}-{'reverse' if reverse else 'forward'}-{'packed' if lengths else 'full'}" \
                           f"-{'h0' if with_h0 else 'zeros'}"
                    safetensors_f32.write(OUT / f"{name}.safetensors", case(cell, reverse, lengths, with_h0, seed))
                    seed += 1
                    print(name)


if __name__ == "__main__":
    main()
