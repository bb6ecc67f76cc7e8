"""The PyTorch side of a parity run: 20 steps of SGD or Adam on a mirror, and how well-conditioned such a run is.

A run is well-conditioned when PyTorch float32 and PyTorch float64, from the same start on the same batches,
agree on every loss and final weight far within the parity tolerance 1e-6 + 1e-4·|b|. Otherwise rounding at the
level of float32 (where any two implementations legitimately differ) is amplified beyond the tolerance, and a
parity test would measure that amplification instead of the implementation under test.
"""
import numpy as np
import torch
import torch.nn as nn

from fixture_batches import STEPS

OPTIMIZERS = ("sgd", "adam")
SGD = {"lr": 0.01, "momentum": 0.9}
# eps 1e-5, not PyTorch's default 1e-8: with 1e-8, a weight whose gradient is a rounding-level residue of
# cancelling terms gets an Adam step of order lr that follows the residue's rounding error, so PyTorch float32 and
# PyTorch float64 disagree beyond the parity tolerance on 9 of the 17 networks, whatever the start.
ADAM = {"lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-05}


def half_summed_mse(output, target):
    """`0.5 * mse(reduction=sum)`: half the summed squared error."""
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


def train(mirror, loss_statement, init, batches, optimizer_name, dtype=torch.float32):
    """Trains a fresh `mirror()` loaded with `init` for 20 steps in `dtype`; returns (the loss before each step,
    the final weights as numpy arrays of `dtype`)."""
    model = mirror().to(dtype)
    model.load_state_dict({name: torch.from_numpy(array.copy()).to(dtype) for name, array in init.items()})
    if optimizer_name == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=SGD["lr"], momentum=SGD["momentum"])
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=ADAM["lr"], betas=tuple(ADAM["betas"]),
                                     eps=ADAM["eps"], foreach=False)
    loss_fn = LOSSES[loss_statement]
    xs, ys = batches
    losses = []
    for k in range(STEPS):
        optimizer.zero_grad()
        y = torch.from_numpy(ys[k])
        loss = loss_fn(model(torch.from_numpy(xs[k]).to(dtype)), y.to(dtype) if y.is_floating_point() else y)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return losses, {name: t.detach().clone().numpy() for name, t in model.state_dict().items()}


def tolerance_ratio(value, reference):
    """max |value - reference| / (1e-6 + 1e-4 |reference|) over two arrays (or lists) of the same shape."""
    a = np.asarray(value, dtype=np.float64)
    b = np.asarray(reference, dtype=np.float64)
    return float((np.abs(a - b) / (1e-6 + 1e-4 * np.abs(b))).max(initial=0.0))


def conditioning(mirror, loss_statement, init, batches, runs):
    """{optimizer: the worst tolerance ratio of the float32 run `runs[optimizer]` = (losses, final) against a
    float64 run from the same `init` on the same batches}."""
    worst = {}
    for optimizer_name, (losses, final) in runs.items():
        losses64, final64 = train(mirror, loss_statement, init, batches, optimizer_name, torch.float64)
        worst[optimizer_name] = max([tolerance_ratio(losses, losses64)]
                                    + [tolerance_ratio(final[name], final64[name]) for name in final])
    return worst
