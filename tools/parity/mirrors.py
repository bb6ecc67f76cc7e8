"""PyTorch mirrors of the feed-forward seed networks in samples/basics and samples/mnist.

Each mirror's state_dict() names and shapes are exactly nnet's parameter names (the layer paths of
compiler/src/test/resources/golden/<family>/<id>.summary.txt), in nnet's order; make_fixtures.py checks this. The
mirrors' own random initialization is never used: the fixtures load their start into them.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


# ---- samples/basics -------------------------------------------------------------------------------------------

class LinearModel(nn.Module):
    """linear-regression.nnet: return linear(x)."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return self.linear(x)


class LogisticRegressionModel(nn.Module):
    """logistic-regression.nnet: return sigmoid(linear(x))."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return torch.sigmoid(self.linear(x))


class BackpropExample(nn.Module):
    """backprop-worked-example.nnet: sigmoid(output(sigmoid(hidden(x))))."""

    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 2)
        self.output = nn.Linear(2, 2)

    def forward(self, x):
        return torch.sigmoid(self.output(torch.sigmoid(self.hidden(x))))


class DiabetesModel(nn.Module):
    """diabetes.nnet and diabetes-minibatch.nnet: 8 -> 6 -> 4 -> 1, sigmoid after every linear layer."""

    def __init__(self):
        super().__init__()
        self.linear1 = nn.Linear(8, 6)
        self.linear2 = nn.Linear(6, 4)
        self.linear3 = nn.Linear(4, 1)

    def forward(self, x):
        x = torch.sigmoid(self.linear1(x))
        x = torch.sigmoid(self.linear2(x))
        return torch.sigmoid(self.linear3(x))


def flower_net():
    """flower.nnet: a model whose body is `sequential { linear(2, 4) tanh linear(4, 1) }`."""
    return nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1))


def flower_net5():
    """flower-5layer.nnet: 2 -> 10 -> 10 -> 10 -> 1 with tanh between, as a sequential body."""
    return nn.Sequential(nn.Linear(2, 10), nn.Tanh(), nn.Linear(10, 10), nn.Tanh(),
                         nn.Linear(10, 10), nn.Tanh(), nn.Linear(10, 1))


# ---- samples/mnist --------------------------------------------------------------------------------------------

class MnistMlpSigmoid(nn.Module):
    """mnist-mlp-sigmoid.nnet: flatten -> hidden 784->256 sigmoid -> output 256->10."""

    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(784, 256)
        self.output = nn.Linear(256, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        return self.output(torch.sigmoid(self.hidden(x)))


class MnistMlp3(nn.Module):
    """mnist-mlp-3.nnet: flatten -> fc1 784->128 relu -> fc2 128->64 relu -> fc3 64->10."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class MnistMlp5(nn.Module):
    """mnist-mlp-5.nnet (relu) and mnist-mlp-5-sigmoid.nnet: 784 -> 512 -> 256 -> 128 -> 64 -> 10."""

    def __init__(self, activation):
        super().__init__()
        self.activation = activation
        self.l1 = nn.Linear(784, 512)
        self.l2 = nn.Linear(512, 256)
        self.l3 = nn.Linear(256, 128)
        self.l4 = nn.Linear(128, 64)
        self.l5 = nn.Linear(64, 10)

    def forward(self, x):
        x = x.view(-1, 784)
        x = self.activation(self.l1(x))
        x = self.activation(self.l2(x))
        x = self.activation(self.l3(x))
        x = self.activation(self.l4(x))
        return self.l5(x)


class LinearReluStack(nn.Sequential):
    """fashion-mlp.nnet's block LinearReluStack(): a sequential body, so entries are named by index."""

    def __init__(self):
        super().__init__(nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))


class FashionMlp(nn.Module):
    """fashion-mlp.nnet: flatten -> linear_relu_stack."""

    def __init__(self):
        super().__init__()
        self.linear_relu_stack = LinearReluStack()

    def forward(self, x):
        return self.linear_relu_stack(torch.flatten(x, 1))


class MnistCnn(nn.Module):
    """mnist-cnn.nnet: conv1 -> pool -> relu -> conv2 -> pool -> relu -> view(N, -1) -> fc."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.pooling = nn.MaxPool2d(2)
        self.fc = nn.Linear(320, 10)

    def forward(self, x):
        x = F.relu(self.pooling(self.conv1(x)))
        x = F.relu(self.pooling(self.conv2(x)))
        return self.fc(x.view(x.size(0), -1))


class MnistCnn3fc(nn.Module):
    """mnist-cnn-3fc.nnet: the mnist-cnn convolutions, then l1 320->256 relu -> l2 256->64 relu -> l3 64->10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.pooling = nn.MaxPool2d(2)
        self.l1 = nn.Linear(320, 256)
        self.l2 = nn.Linear(256, 64)
        self.l3 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.pooling(self.conv1(x)))
        x = F.relu(self.pooling(self.conv2(x)))
        x = x.view(x.size(0), -1)
        x = F.relu(self.l1(x))
        x = F.relu(self.l2(x))
        return self.l3(x)


class InceptionA(nn.Module):
    """mnist-inception.nnet's block InceptionA(in_channels): four branches concatenated to 88 channels."""

    def __init__(self, in_channels):
        super().__init__()
        self.branch1x1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch5x5_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch5x5_2 = nn.Conv2d(16, 24, kernel_size=5, padding=2)
        self.branch3x3_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch3x3_2 = nn.Conv2d(16, 24, kernel_size=3, padding=1)
        self.branch3x3_3 = nn.Conv2d(24, 24, kernel_size=3, padding=1)
        self.branch_pool = nn.Conv2d(in_channels, 24, kernel_size=1)

    def forward(self, x):
        branch1x1 = self.branch1x1(x)
        branch5x5 = self.branch5x5_2(self.branch5x5_1(x))
        branch3x3 = self.branch3x3_3(self.branch3x3_2(self.branch3x3_1(x)))
        branch_pool = self.branch_pool(F.avg_pool2d(x, kernel_size=3, stride=1, padding=1))
        return torch.cat([branch1x1, branch5x5, branch3x3, branch_pool], dim=1)


class MnistInception(nn.Module):
    """mnist-inception.nnet: conv1 -> mp -> relu -> incep1 -> conv2 -> mp -> relu -> incep2 -> fc."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(88, 20, kernel_size=5)
        self.incep1 = InceptionA(10)
        self.incep2 = InceptionA(20)
        self.mp = nn.MaxPool2d(2)
        self.fc = nn.Linear(1408, 10)

    def forward(self, x):
        x = F.relu(self.mp(self.conv1(x)))
        x = self.incep1(x)
        x = F.relu(self.mp(self.conv2(x)))
        x = self.incep2(x)
        return self.fc(x.view(x.size(0), -1))


class ResidualBlock(nn.Module):
    """mnist-resnet.nnet's block ResidualBlock(channels): relu(x + conv2(relu(conv1(x))))."""

    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)

    def forward(self, x):
        y = self.conv2(F.relu(self.conv1(x)))
        return F.relu(x + y)


class MnistResnet(nn.Module):
    """mnist-resnet.nnet: conv1 -> mp -> relu -> rblock1 -> conv2 -> mp -> relu -> rblock2 -> fc."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, kernel_size=5)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=5)
        self.rblock1 = ResidualBlock(16)
        self.rblock2 = ResidualBlock(32)
        self.mp = nn.MaxPool2d(2)
        self.fc = nn.Linear(512, 10)

    def forward(self, x):
        x = F.relu(self.mp(self.conv1(x)))
        x = self.rblock1(x)
        x = F.relu(self.mp(self.conv2(x)))
        x = self.rblock2(x)
        return self.fc(x.view(x.size(0), -1))


class LeNet(nn.Module):
    """lenet.nnet: LeNet-5 on [N, 1, 32, 32]."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class MnistPoolOptions(nn.Module):
    """mnist-pool-options.nnet: leaky ReLU, max pooling with ceil_mode, average pooling without padded zeros."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, kernel_size=3)
        self.pool1 = nn.MaxPool2d(3, stride=2, ceil_mode=True)
        self.conv2 = nn.Conv2d(8, 16, kernel_size=3, padding=1)
        self.pool2 = nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        x = self.pool1(F.leaky_relu(self.conv1(x), negative_slope=0.1))
        x = self.pool2(F.leaky_relu(self.conv2(x)))
        return self.fc(torch.flatten(x, 1))


class MnistGeluSlices(nn.Module):
    """mnist-gelu-slices.nnet: transpose, both forms of gelu, a range slice, an index slice and a reshape.

    The gelu comes after the transpose, not before: this PyTorch (1.13.0a0, Debian) computes gelu's backward wrongly
    when the incoming gradient is strided and gelu's input is not (off by up to 4 on randn data), which a transpose
    after gelu would cause."""

    def __init__(self):
        super().__init__()
        self.cols = nn.Linear(28, 16)
        self.rows = nn.Linear(28, 12)
        self.fc = nn.Linear(156, 10)

    def forward(self, x):
        c = self.cols(x.squeeze(1).transpose(1, 2))
        r = F.gelu(self.rows(F.gelu(c.transpose(1, 2))), approximate="tanh")
        h = r[:, 2:14, :].reshape(x.shape[0], -1)
        return self.fc(torch.cat([h, r[:, 0, :]], dim=1))


# Every mirror by the stem of its .nnet file; each value builds a fresh module.
MIRRORS = {
    "linear-regression": LinearModel,
    "logistic-regression": LogisticRegressionModel,
    "backprop-worked-example": BackpropExample,
    "diabetes": DiabetesModel,
    "diabetes-minibatch": DiabetesModel,
    "flower": flower_net,
    "flower-5layer": flower_net5,
    "mnist-mlp-sigmoid": MnistMlpSigmoid,
    "mnist-mlp-3": MnistMlp3,
    "mnist-mlp-5": lambda: MnistMlp5(F.relu),
    "mnist-mlp-5-sigmoid": lambda: MnistMlp5(torch.sigmoid),
    "fashion-mlp": FashionMlp,
    "mnist-cnn": MnistCnn,
    "mnist-cnn-3fc": MnistCnn3fc,
    "mnist-inception": MnistInception,
    "mnist-resnet": MnistResnet,
    "lenet": LeNet,
    "mnist-pool-options": MnistPoolOptions,
    "mnist-gelu-slices": MnistGeluSlices,
}
