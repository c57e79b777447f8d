"""Softmax regression and the multi-layer perceptron (MLP).

Softmax (multinomial logistic) regression is one affine map followed by softmax:

    p(y = k | x) = softmax(W x + b)_k,      W: (K, D), b: (K,), x: (D,)

An MLP inserts L hidden layers with a nonlinearity φ (ReLU here) in between:

    h_0 = x,   h_l = φ(W_l h_{l-1} + b_l)  (l = 1..L),   logits = W_out h_L + b_out

Both take images (N, 1, H, W) or flat vectors (N, D) and flatten them first, so the
labs can feed the same tensor to every model. Without the hidden layers' φ the MLP
collapses to one linear map: depth adds nothing unless there is a nonlinearity.
"""

from __future__ import annotations

from torch import Tensor, nn


class SoftmaxRegression(nn.Module):
    """Logistic regression for K classes: one linear layer; softmax lives in the loss."""

    def __init__(self, in_features: int, n_classes: int = 10):
        super().__init__()
        self.linear = nn.Linear(in_features, n_classes)

    def forward(self, x: Tensor) -> Tensor:
        return self.linear(x.flatten(1))  # (N, D) -> (N, K) logits


class MLP(nn.Module):
    """Linear -> ReLU (-> dropout) per hidden width, then a linear output layer."""

    def __init__(self, in_features: int, hidden: tuple[int, ...] = (256, 128), n_classes: int = 10,
                 dropout: float = 0.0):
        super().__init__()
        layers: list[nn.Module] = []
        width = in_features
        for h in hidden:
            layers += [nn.Linear(width, h), nn.ReLU()]
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = h
        layers.append(nn.Linear(width, n_classes))
        self.net = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        return self.net(x.flatten(1))  # (N, D) -> (N, K) logits
