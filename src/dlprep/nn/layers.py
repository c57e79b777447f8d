"""Core layers: Linear, Flatten, Dropout, Embedding and the Sequential container.

    Linear:     y = x Wᵀ + b              dW = Σ dyᵀ x,  db = Σ dy,  dx = dy W   (Σ over leading axes)
    Dropout:    y = x ⊙ m / (1 − p),  m_i ~ Bernoulli(1 − p)   in training; y = x in evaluation
    Embedding:  y[…] = W[idx[…]]          dW[k] = Σ of dy over the positions where idx = k
    Sequential: y = f_L(…f_1(x)),         backward runs the layers in reverse (chain rule)
"""

from __future__ import annotations

import numpy as np

from dlprep.nn._checks import check_input, check_size, float_dtype, positive_int, probability
from dlprep.nn.init import initialize
from dlprep.nn.module import Module, Parameter


class Linear(Module):
    """Affine map over the last axis: (..., in_features) -> (..., out_features).

    ``init`` names a weight initializer from ``dlprep.nn.init``: Xavier (the default) suits tanh,
    sigmoid and attention projections, He ("he_uniform"/"he_normal") suits ReLU networks.
    The bias starts at zero.
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, init: str = "xavier_uniform",
                 rng=None, dtype=np.float64):
        self.in_features = positive_int(in_features, "in_features")
        self.out_features = positive_int(out_features, "out_features")
        dtype = float_dtype(dtype)
        self.weight = Parameter(initialize(init, (out_features, in_features), rng, dtype))  # (out, in)
        self.bias = Parameter(np.zeros(out_features, dtype=dtype)) if bias else None

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        check_input(x, "Linear", "(..., in_features)", min_ndim=1)
        check_size(x.shape[-1], self.in_features, "Linear", "in_features (last axis)")
        self._x = x
        y = x @ self.weight.data.T
        return y if self.bias is None else y + self.bias.data

    def backward(self, dout: np.ndarray) -> np.ndarray:
        x_rows = self._x.reshape(-1, self.in_features)  # (M, in), M = product of the leading axes
        dout_rows = dout.reshape(-1, self.out_features)  # (M, out)
        self.weight.grad += dout_rows.T @ x_rows
        if self.bias is not None:
            self.bias.grad += dout_rows.sum(axis=0)
        return dout @ self.weight.data


class Flatten(Module):
    """(N, d1, d2, ...) -> (N, d1·d2·...): keeps the batch axis, as between conv and linear layers."""

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        check_input(x, "Flatten", "(N, ...) with at least 2 axes", min_ndim=2)
        self._shape = x.shape
        return x.reshape(len(x), -1)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout.reshape(self._shape)


class Dropout(Module):
    """Inverted dropout: zero each unit with probability p during training and scale survivors by 1/(1 − p).

    The scaling keeps E[y] = x, so evaluation is the identity and needs no rescaling.
    Masks are drawn from ``rng``; two layers built with the same seed drop the same units.
    """

    def __init__(self, p: float = 0.5, rng=None):
        self.p = probability(p)
        self.rng = np.random.default_rng(rng)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        if not training or self.p == 0.0:
            self._mask = None
            return x
        self._mask = (self.rng.random(x.shape) >= self.p).astype(x.dtype) / (1 - self.p)
        return x * self._mask

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout if self._mask is None else dout * self._mask


class Embedding(Module):
    """A trainable lookup table: integer indices of any shape (...) -> vectors (..., embedding_dim).

    Rows start as N(0, 1) draws, as in PyTorch. backward returns None: indices have no gradient.
    """

    def __init__(self, num_embeddings: int, embedding_dim: int, rng=None, dtype=np.float64):
        self.num_embeddings = positive_int(num_embeddings, "num_embeddings")
        self.embedding_dim = positive_int(embedding_dim, "embedding_dim")
        table = np.random.default_rng(rng).standard_normal((num_embeddings, embedding_dim))
        self.weight = Parameter(table.astype(float_dtype(dtype)))  # (num_embeddings, embedding_dim)

    def forward(self, indices: np.ndarray, training: bool = False) -> np.ndarray:
        if not isinstance(indices, np.ndarray) or not np.issubdtype(indices.dtype, np.integer):
            got = indices.dtype if isinstance(indices, np.ndarray) else type(indices).__name__
            raise ValueError(f"Embedding expects an integer index array, got {got}")
        if indices.size and (indices.min() < 0 or indices.max() >= self.num_embeddings):
            raise ValueError(f"Embedding indices must lie in [0, {self.num_embeddings}), "
                             f"got values from {indices.min()} to {indices.max()}")
        self._indices = indices
        return self.weight.data[indices]

    def backward(self, dout: np.ndarray) -> None:
        # np.add.at adds once per occurrence; `grad[idx] += dout` would keep only one of repeated indices.
        np.add.at(self.weight.grad, self._indices, dout)
        return None


class Sequential(Module):
    """Layers applied in order; parameters are named ``layers.<i>.<name>``."""

    def __init__(self, *layers: Module):
        for i, layer in enumerate(layers):
            if not isinstance(layer, Module):
                raise ValueError(f"Sequential takes Modules, argument {i} is {type(layer).__name__}")
        self.layers = list(layers)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        for layer in self.layers:
            x = layer.forward(x, training)
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray:
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout
