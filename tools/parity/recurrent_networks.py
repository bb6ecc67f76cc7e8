"""Writes network-level PyTorch references for nnet's recurrent layers to
compiler/src/test/resources/recurrent-parity/<stem>.safetensors, one per .nnet file there (read by
RecurrentNetworkParityTest): a PyTorch mirror of each network, from random weights named as nnet's parameters,
runs a random batch forward, then back-propagates a random gradient of the output. Stored in float32: the
weights, x (token ids, and for names-gru each row's length after its ids, as floats: nnet's data rows), the output gradient, PyTorch's output (which holds final states by construction) and the gradient of
every parameter. Deterministic: run it twice and the files are the same bytes.

    /usr/bin/python3 tools/parity/recurrent_networks.py
"""
import pathlib
import sys

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import safetensors_f32  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
OUT = REPO / "compiler/src/test/resources/recurrent-parity"
N = 3


class GruStack(nn.Module):
    """gru-stack.nnet: 2-layer bidirectional batch-first GRU; output step 2 through fc, and h_n[-1], h_n[-2]."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 5, num_layers=2, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(10, 4)

    def forward(self, x):
        out, h = self.gru(x)
        return torch.cat([self.fc(out[:, 2]), h[-1], h[-2]], dim=1)


class EmbedGru(nn.Module):
    """embed-gru.nnet: ids (0 is padding) -> Embedding(7, 5) -> 2-layer bidirectional batch-first GRU -> fc."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(7, 5, padding_idx=0)
        self.gru = nn.GRU(5, 4, num_layers=2, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(8, 3)

    def forward(self, x):
        out, h = self.gru(self.emb(x))
        return torch.cat([self.fc(out[:, -1]), h[-1]], dim=1)


class LstmState(nn.Module):
    """lstm-state.nnet: 2-layer sequence-first LSTM from an initial state computed from x (h0) and 0.5 (c0)."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, num_layers=2)
        self.init = nn.Linear(3, 4)

    def forward(self, x):
        h0 = torch.stack([self.init(x[0]), self.init(x[1])], dim=0)
        c0 = torch.ones(2, x.shape[1], 4) * 0.5
        out, (h, c) = self.lstm(x, (h0, c0))
        return torch.cat([out[-1], h[0], c[1]], dim=1)


class NamesGru(nn.Module):
    """names-gru.nnet: the name classifier's shape (ids [N, L] and lengths [N]; packed 2-layer bidirectional GRU)."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(9, 6)
        self.gru = nn.GRU(6, 5, 2, bidirectional=True)
        self.fc = nn.Linear(10, 3)

    def forward(self, x):
        inputs = x[:, :7].long().t()
        lengths = x[:, 7].long()
        hidden = torch.zeros(4, x.shape[0], 5)
        packed = pack_padded_sequence(self.embedding(inputs), lengths, enforce_sorted=False)
        _output, hidden = self.gru(packed, hidden)
        return self.fc(torch.cat([hidden[-1], hidden[-2]], dim=1))


class RnnRelu(nn.Module):
    """rnn-relu.nnet: one batch-first relu RNN without biases, every step's output as a row."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(3, 6, nonlinearity="relu", batch_first=True, bias=False)

    def forward(self, x):
        out, _h = self.rnn(x)
        return out.reshape(-1, 6)


class CellScan(nn.Module):
    """cell-scan.nnet: an RNNCell stepped over x from h0 = init(x[0]) (the seed's loop); step 1's state and the last."""

    def __init__(self):
        super().__init__()
        self.cell = nn.RNNCell(3, 4)
        self.init = nn.Linear(3, 4)

    def forward(self, x):
        h = self.init(x[0])
        hs = []
        for t in range(x.shape[0]):
            h = self.cell(x[t], h)
            hs.append(h)
        return torch.cat([hs[1], h], dim=1)


NETWORKS = {
    "cell-scan": (CellScan, (5, N, 3)),
    "embed-gru": (EmbedGru, (N, 6)),
    "gru-stack": (GruStack, (N, 6, 3)),
    "lstm-state": (LstmState, (5, N, 3)),
    "names-gru": (NamesGru, (N, 8)),
    "rnn-relu": (RnnRelu, (N, 4, 3)),
}


def fixture(stem, seed):
    cls, shape = NETWORKS[stem]
    torch.manual_seed(seed)
    model = cls()
    for p in model.parameters():
        with torch.no_grad():
            p.uniform_(-0.6, 0.6)
    if cls is EmbedGru:
        x = torch.randint(0, 7, shape)
        x[:, -2:] = 0  # padding: the padding row's gradient must stay zero
    elif cls is NamesGru:
        lengths = torch.tensor([6, 3, 5])  # unsorted, all shorter than the padding (7): steps past 6 are skipped
        x = torch.zeros(N, 8)
        for b in range(N):
            x[b, :lengths[b]] = torch.randint(1, 9, (int(lengths[b]),)).float()
            x[b, 7] = float(lengths[b])
    else:
        x = torch.randn(*shape)
    y = model(x)
    d_output = torch.randn_like(y)
    y.backward(d_output)
    tensors = {"x": x, "d_output": d_output, "output": y.detach()}
    for name, p in model.named_parameters():
        tensors["param." + name] = p.detach()
        tensors["grad." + name] = p.grad
    return {k: v.detach().float().contiguous() for k, v in tensors.items()}


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    for seed, stem in enumerate(sorted(NETWORKS)):
        safetensors_f32.write(OUT / (stem + ".safetensors"), fixture(stem, 1600 + seed))
        print("wrote", stem)


if __name__ == "__main__":
    main()
