"""Expected optimizer trajectories and loss values/gradients from PyTorch, for the runtime's parity tests.

Run from the repository root with Debian's PyTorch (python3-torch 1.13):
    /usr/bin/python3 runtime/src/test/pytorch/make_fixtures.py
It writes runtime/src/test/resources/pytorch/{optim,loss}.json. Inputs are not stored: both this script and the
Java tests compute them from the same integer formula (see `hashed`), which is exact in float32 on both sides.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "pytorch")
STEPS = 20
CHECKED_STEPS = (1, 2, 3, 5, 10, 20)  # the first steps catch first-step rules, the last one drift
LENGTH = 19  # not a multiple of the vector width, so PyTorch runs both its vector loop and its scalar tail


MASK64 = 2**64 - 1


def hashed(i, salt):
    """Uniform in [0, 1) from splitmix64 of (salt, i): 24 bits, exact in float32 (mirrored by the Java tests)."""
    z = (salt * 0x9E3779B97F4A7C15 + i) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    z ^= z >> 31
    return (z >> 40) / 2**24


def tensor(values):
    return torch.tensor(values, dtype=torch.float64).to(torch.float32)


def floats(t):
    return [np.float32(v) for v in t.detach().reshape(-1).numpy()]


def to_json(value):
    """JSON with each float32 as its shortest round-tripping decimal (the Java side parses it as a float)."""
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + to_json(v) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(to_json(v) for v in value) + "]"
    if isinstance(value, np.float32):
        return np.format_float_scientific(value, unique=True, trim="-") if value != 0 and not 1e-4 <= abs(value) < 1e7 \
            else np.format_float_positional(value, unique=True, trim="0")
    return json.dumps(value)


def initial_param():
    return tensor([(hashed(i, 1) - 0.5) * 4 for i in range(LENGTH)])


def gradient(step):
    """Small integers over 16 times powers of two, some zero, some tiny enough for eps to matter."""
    return tensor([((i * 37 + step * 11) % 23 - 11) / 16 * 2.0 ** (-5 * (i % 5)) for i in range(LENGTH)])


OPTIMIZERS = [
    ("sgd", "plain", dict(lr=0.1)),
    ("sgd", "momentum", dict(lr=0.1, momentum=0.9)),
    ("sgd", "dampening_decay", dict(lr=0.05, momentum=0.5, dampening=0.3, weight_decay=0.01)),
    ("sgd", "nesterov", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)),
    ("adam", "defaults", dict(lr=1e-3)),
    ("adam", "decay_betas", dict(lr=0.05, betas=(0.8, 0.99), weight_decay=0.01)),
    ("adam", "amsgrad", dict(lr=0.01, amsgrad=True, eps=1e-6)),
    ("rmsprop", "defaults", dict(lr=0.01)),
    ("rmsprop", "momentum", dict(lr=0.01, momentum=0.9)),
    ("rmsprop", "centered", dict(lr=0.01, centered=True)),
    ("rmsprop", "all", dict(lr=0.005, alpha=0.9, eps=1e-6, weight_decay=0.01, momentum=0.5, centered=True)),
]


def optimizer_cases():
    cases = []
    for kind, name, hyper in OPTIMIZERS:
        p = torch.nn.Parameter(initial_param())
        cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "rmsprop": torch.optim.RMSprop}[kind]
        opt = cls([p], **hyper)
        params = []
        for step in range(1, STEPS + 1):
            p.grad = gradient(step)
            opt.step()
            if step in CHECKED_STEPS:
                params.append(floats(p))
        state = {k: floats(v) for k, v in opt.state[p].items() if k != "step" and v is not None}
        cases.append(dict(optimizer=kind, name=name, hyper={k: (list(v) if isinstance(v, tuple) else v)
                                                              for k, v in hyper.items()},
                          params=params, state=state))
    return cases


def loss_case(name, loss, x, target, rows, width, overrides=(), target_overrides=()):
    case = dict(name=name, rows=rows, width=width, overrides=[list(o) for o in overrides],
                target_overrides=[list(o) for o in target_overrides])
    for reduction in ("mean", "sum"):
        xr = x.clone().requires_grad_(True)
        value = loss(xr, target, reduction)
        value.backward(torch.tensor(0.5))
        case[reduction] = dict(loss=floats(value)[0])
        if reduction == "mean":  # the sum's gradient is checked against double references instead
            case[reduction]["grad_half"] = floats(xr.grad)
    return case


def inputs(count, salt, low, high, overrides):
    values = [low + hashed(i, salt) * (high - low) for i in range(count)]
    for index, value in overrides:
        values[index] = value
    return tensor(values)


def loss_cases():
    cases = []
    rows, classes = 64, 10
    ce_overrides = [(0 * 10 + 3, 100.0), (1 * 10 + 4, -100.0), (1 * 10 + 0, 100.0)] + \
                   [(2 * 10 + j, 100.0) for j in range(10)] + [(3 * 10 + j, -100.0 if j % 2 else 100.0) for j in range(10)]
    logits = inputs(rows * classes, 2, -8, 8, ce_overrides)
    target = torch.tensor([(r * 7 + 3) % classes for r in range(rows)])
    cases.append(loss_case("cross_entropy", lambda x, t, red: F.cross_entropy(x.view(rows, classes), t, reduction=red),
                           logits, target, rows, classes, ce_overrides))
    log_probs = F.log_softmax(logits.view(rows, classes), dim=1).reshape(-1).detach()
    case = loss_case("nll", lambda x, t, red: F.nll_loss(x.view(rows, classes), t, reduction=red),
                     log_probs, target, rows, classes)
    case["input"] = floats(log_probs)  # log_softmax's float32 output, not recomputed in Java
    cases.append(case)

    rows, width = 100, 10
    count = rows * width
    pred = inputs(count, 3, -2, 2, [])
    goal = inputs(count, 4, -2, 2, [])
    cases.append(loss_case("mse", lambda x, t, red: F.mse_loss(x, t, reduction=red), pred, goal, rows, width))

    bce_overrides = [(0, 0.0), (1, 1.0), (2, 0.0), (3, 1.0), (4, 1e-30), (5, 0.999999)]
    bce_targets = [(0, 1.0), (1, 0.0), (2, 0.0), (3, 1.0), (4, 1.0), (5, 0.0)]
    prob = inputs(count, 5, 0, 1, bce_overrides)
    labels = binary_targets(count, bce_targets)
    cases.append(loss_case("bce", lambda x, t, red: F.binary_cross_entropy(x, t, reduction=red), prob, labels,
                           rows, width, bce_overrides, bce_targets))

    logit_overrides = [(0, 100.0), (1, -100.0), (2, 100.0), (3, -100.0), (4, 30.0), (5, -30.0)]
    logit_targets = [(0, 1.0), (1, 1.0), (2, 0.0), (3, 0.0), (4, 0.0), (5, 0.0)]
    z = inputs(count, 6, -10, 10, logit_overrides)
    labels = binary_targets(count, logit_targets)
    cases.append(loss_case("bce_with_logits",
                           lambda x, t, red: F.binary_cross_entropy_with_logits(x, t, reduction=red), z, labels,
                           rows, width, logit_overrides, logit_targets))
    return cases


def binary_targets(count, overrides):
    """Mostly hard 0/1 labels, every seventh a soft label."""
    values = [hashed(i, 7) if i % 7 == 6 else float(hashed(i, 8) < 0.5) for i in range(count)]
    for index, value in overrides:
        values[index] = value
    return tensor(values)


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = dict(torch=torch.__version__, steps=STEPS, checked_steps=CHECKED_STEPS, length=LENGTH)
    with open(os.path.join(OUT, "optim.json"), "w") as f:
        f.write(to_json(dict(meta=meta, cases=optimizer_cases())))
    with open(os.path.join(OUT, "loss.json"), "w") as f:
        f.write(to_json(dict(meta=meta, cases=loss_cases())))


if __name__ == "__main__":
    main()
