"""Registry of every layer the common check battery (test_layers_battery.py) runs on.

A case says how to build one of our layers, what input it takes, and how to build the same layer in
PyTorch with our weights copied in (the oracle). Adding a layer to dlprep.nn without a case here fails
test_every_public_layer_has_a_case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch

from dlprep.nn.activations import ELU, GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh
from dlprep.nn.attention import MultiHeadAttention
from dlprep.nn.conv import AvgPool2d, Conv2d, MaxPool2d
from dlprep.nn.layers import Dropout, Embedding, Flatten, Linear, Sequential
from dlprep.nn.module import Module
from dlprep.nn.norm import BatchNorm1d, BatchNorm2d, LayerNorm
from dlprep.nn.rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell

tnn = torch.nn

# Our parameter name -> torch parameter name, or (torch name, rows) when ours is a block of theirs.
NameMap = dict[str, str | tuple[str, slice]]


@dataclass
class Oracle:
    """A torch module holding our weights; ``call`` adapts its signature to ours."""

    module: tnn.Module
    names: NameMap
    call: Callable[..., torch.Tensor] = lambda module, x, **kwargs: module(x)

    def __post_init__(self):
        self.module.double()
        theirs = dict(self.module.named_parameters())
        used = {target if isinstance(target, str) else target[0] for target in self.names.values()}
        assert used == set(theirs), f"torch parameters not mirrored: {set(theirs) ^ used}"

    def load(self, ours: Module) -> Oracle:
        theirs = dict(self.module.named_parameters())
        with torch.no_grad():
            for name, p in ours.named_parameters().items():
                self._select(theirs, name).copy_(torch.from_numpy(p.data))
        return self

    def forward(self, x: torch.Tensor, **kwargs) -> torch.Tensor:
        return self.call(self.module, x, **kwargs)

    def grads(self) -> dict[str, np.ndarray]:
        theirs = {name: p.grad for name, p in self.module.named_parameters()}
        return {name: self._select(theirs, name).numpy() for name in self.names}

    def _select(self, theirs: dict, name: str):
        target = self.names[name]
        return theirs[target] if isinstance(target, str) else theirs[target[0]][target[1]]


@dataclass(frozen=True)
class LayerCase:
    id: str
    make: Callable[..., Module]  # make(rng=..., dtype=...); layers without those ignore them via **_
    input_shape: tuple[int, ...]
    oracle: Callable[[Module], Oracle] | None  # None: PyTorch cannot reproduce it (random masks)
    training: bool = True  # the mode every check runs in
    mode_dependent: bool = False  # forward differs between training and evaluation
    index_range: int = 0  # > 0: the input is integer indices in [0, index_range)
    forward_kwargs: Callable[[], dict] = field(default=dict)

    def build(self, rng=0, dtype=np.float64) -> Module:
        return self.make(rng=rng, dtype=dtype)

    def sample(self, rng: np.random.Generator, dtype=np.float64) -> np.ndarray:
        if self.index_range:
            return rng.integers(0, self.index_range, self.input_shape)
        return rng.standard_normal(self.input_shape).astype(dtype)


def same_names(ours: Module, theirs: tnn.Module, **call) -> Oracle:
    return Oracle(theirs, {name: name for name in ours.named_parameters()}, **call).load(ours)


def stateless(theirs: tnn.Module) -> Callable[[Module], Oracle]:
    return lambda ours: Oracle(theirs, {})


def first_output(module, x, **kwargs):
    return module(x)[0]


def attention_oracle(ours: MultiHeadAttention) -> Oracle:
    e = ours.embed_dim
    names: NameMap = {"out_proj.weight": "out_proj.weight", "out_proj.bias": "out_proj.bias"}
    for i, proj in enumerate(("q_proj", "k_proj", "v_proj")):  # torch stacks them as in_proj (3E, E)
        names[f"{proj}.weight"] = ("in_proj_weight", slice(i * e, (i + 1) * e))
        names[f"{proj}.bias"] = ("in_proj_bias", slice(i * e, (i + 1) * e))

    def call(module, x, mask=None):
        if mask is not None:  # torch's MHA masks where True; ours (like F.scaled_dot_product_attention) keeps
            mask = torch.from_numpy(~mask if mask.dtype == bool else mask)
        return module(x, x, x, attn_mask=mask, need_weights=False)[0]

    return Oracle(tnn.MultiheadAttention(e, ours.num_heads, batch_first=True), names, call).load(ours)


def recurrent_oracle(torch_type) -> Callable[[Module], Oracle]:
    def make(ours):
        names = {f"cell.{n}": f"{n}_l0" for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
        theirs = torch_type(ours.cell.input_size, ours.cell.hidden_size, batch_first=True)
        return Oracle(theirs, names, first_output).load(ours)

    return make


def causal_mask(t: int) -> dict:
    return {"mask": np.tril(np.ones((t, t), dtype=bool))}


def additive_mask(t: int) -> dict:
    return {"mask": np.random.default_rng(5).standard_normal((t, t))}


def small_cnn(rng, dtype) -> Sequential:
    rng = np.random.default_rng(rng)
    return Sequential(Conv2d(1, 2, 3, padding=1, rng=rng, dtype=dtype), BatchNorm2d(2, dtype=dtype), ReLU(),
                      MaxPool2d(2), Flatten(), Linear(2 * 3 * 3, 3, rng=rng, dtype=dtype))


def small_cnn_oracle(ours: Sequential) -> Oracle:
    theirs = tnn.Sequential(tnn.Conv2d(1, 2, 3, padding=1), tnn.BatchNorm2d(2), tnn.ReLU(), tnn.MaxPool2d(2),
                            tnn.Flatten(), tnn.Linear(18, 3))
    return Oracle(theirs, {name: name.removeprefix("layers.") for name in ours.named_parameters()}).load(ours)


def mlp(rng, dtype) -> Sequential:
    rng = np.random.default_rng(rng)
    return Sequential(Linear(4, 6, rng=rng, dtype=dtype), Tanh(), Linear(6, 3, rng=rng, dtype=dtype))


def mlp_oracle(ours: Sequential) -> Oracle:
    theirs = tnn.Sequential(tnn.Linear(4, 6), tnn.Tanh(), tnn.Linear(6, 3))
    return Oracle(theirs, {name: name.removeprefix("layers.") for name in ours.named_parameters()}).load(ours)


def mirror(torch_module: tnn.Module, **call) -> Callable[[Module], Oracle]:
    return lambda ours: same_names(ours, torch_module, **call)


CONV_GEOMETRY = {"stride": (2, 1), "padding": (1, 2), "dilation": (2, 1), "groups": 2, "bias": False}
POOL_GEOMETRY = {"stride": 2, "padding": 1}

CASES = [
    # activations
    LayerCase("Sigmoid", lambda **_: Sigmoid(), (3, 4), stateless(tnn.Sigmoid())),
    LayerCase("Tanh", lambda **_: Tanh(), (3, 4), stateless(tnn.Tanh())),
    LayerCase("ReLU", lambda **_: ReLU(), (3, 4), stateless(tnn.ReLU())),
    LayerCase("LeakyReLU", lambda **_: LeakyReLU(0.2), (3, 4), stateless(tnn.LeakyReLU(0.2))),
    LayerCase("ELU", lambda **_: ELU(0.7), (3, 4), stateless(tnn.ELU(0.7))),
    LayerCase("GELU", lambda **_: GELU(), (3, 4), stateless(tnn.GELU())),
    LayerCase("GELU-tanh", lambda **_: GELU("tanh"), (3, 4), stateless(tnn.GELU("tanh"))),
    LayerCase("Softmax-axis1", lambda **_: Softmax(axis=1), (2, 4, 3), stateless(tnn.Softmax(dim=1))),
    LayerCase("LogSoftmax", lambda **_: LogSoftmax(), (3, 5), stateless(tnn.LogSoftmax(dim=-1))),
    # core layers
    LayerCase("Linear-3d-input", lambda **p: Linear(4, 5, **p), (2, 3, 4), mirror(tnn.Linear(4, 5))),
    LayerCase("Linear-no-bias-he", lambda **p: Linear(4, 2, bias=False, init="he_normal", **p), (3, 4),
              mirror(tnn.Linear(4, 2, bias=False))),
    LayerCase("Flatten", lambda **_: Flatten(), (2, 3, 2, 2), stateless(tnn.Flatten())),
    LayerCase("Dropout-eval", lambda rng, **_: Dropout(0.3, rng=rng), (4, 5), stateless(tnn.Dropout(0.3)),
              training=False, mode_dependent=True),
    LayerCase("Dropout-train", lambda rng, **_: Dropout(0.3, rng=rng), (4, 5), None, mode_dependent=True),
    LayerCase("Embedding", lambda **p: Embedding(7, 3, **p), (2, 6), mirror(tnn.Embedding(7, 3)), index_range=7),
    LayerCase("Sequential-mlp", mlp, (5, 4), mlp_oracle),
    LayerCase("Sequential-cnn", small_cnn, (3, 1, 6, 6), small_cnn_oracle, mode_dependent=True),
    # convolution and pooling
    LayerCase("Conv2d", lambda **p: Conv2d(3, 4, 3, padding=1, **p), (2, 3, 5, 5),
              mirror(tnn.Conv2d(3, 4, 3, padding=1))),
    LayerCase("Conv2d-strided-dilated-grouped", lambda **p: Conv2d(4, 6, (3, 2), **CONV_GEOMETRY, **p),
              (2, 4, 7, 6), mirror(tnn.Conv2d(4, 6, (3, 2), **CONV_GEOMETRY))),
    LayerCase("MaxPool2d-overlapping-padded", lambda **_: MaxPool2d(3, **POOL_GEOMETRY), (2, 3, 7, 6),
              stateless(tnn.MaxPool2d(3, **POOL_GEOMETRY))),
    LayerCase("MaxPool2d", lambda **_: MaxPool2d(2), (2, 2, 4, 5), stateless(tnn.MaxPool2d(2))),
    LayerCase("AvgPool2d-overlapping-padded", lambda **_: AvgPool2d(3, **POOL_GEOMETRY), (2, 3, 7, 6),
              stateless(tnn.AvgPool2d(3, **POOL_GEOMETRY))),
    LayerCase("AvgPool2d", lambda **_: AvgPool2d((2, 3)), (2, 2, 4, 6), stateless(tnn.AvgPool2d((2, 3)))),
    # normalisation
    LayerCase("BatchNorm1d", lambda dtype, **_: BatchNorm1d(3, dtype=dtype), (6, 3), mirror(tnn.BatchNorm1d(3)),
              mode_dependent=True),
    LayerCase("BatchNorm1d-sequence", lambda dtype, **_: BatchNorm1d(3, dtype=dtype), (2, 3, 4),
              mirror(tnn.BatchNorm1d(3)), mode_dependent=True),
    LayerCase("BatchNorm2d", lambda dtype, **_: BatchNorm2d(3, dtype=dtype), (4, 3, 2, 3),
              mirror(tnn.BatchNorm2d(3)), mode_dependent=True),
    LayerCase("BatchNorm2d-eval", lambda dtype, **_: BatchNorm2d(3, dtype=dtype), (2, 3, 2, 2),
              mirror(tnn.BatchNorm2d(3)), training=False, mode_dependent=True),
    LayerCase("LayerNorm", lambda dtype, **_: LayerNorm(5, dtype=dtype), (3, 5), mirror(tnn.LayerNorm(5))),
    LayerCase("LayerNorm-2-axes", lambda dtype, **_: LayerNorm((3, 4), dtype=dtype), (2, 3, 4),
              mirror(tnn.LayerNorm((3, 4)))),
    # recurrent
    LayerCase("RNNCell", lambda **p: RNNCell(3, 4, **p), (2, 3), mirror(tnn.RNNCell(3, 4))),
    LayerCase("LSTMCell", lambda **p: LSTMCell(3, 4, **p), (2, 3), mirror(tnn.LSTMCell(3, 4), call=first_output)),
    LayerCase("GRUCell", lambda **p: GRUCell(3, 4, **p), (2, 3), mirror(tnn.GRUCell(3, 4))),
    LayerCase("RNN", lambda **p: RNN(3, 4, **p), (2, 4, 3), recurrent_oracle(tnn.RNN)),
    LayerCase("LSTM", lambda **p: LSTM(3, 4, **p), (2, 4, 3), recurrent_oracle(tnn.LSTM)),
    LayerCase("GRU", lambda **p: GRU(3, 4, **p), (2, 4, 3), recurrent_oracle(tnn.GRU)),
    # attention
    LayerCase("MultiHeadAttention", lambda **p: MultiHeadAttention(8, 2, **p), (2, 3, 8), attention_oracle),
    LayerCase("MultiHeadAttention-causal", lambda **p: MultiHeadAttention(6, 3, **p), (2, 4, 6), attention_oracle,
              forward_kwargs=lambda: causal_mask(4)),
    LayerCase("MultiHeadAttention-additive-mask", lambda **p: MultiHeadAttention(4, 1, **p), (2, 3, 4),
              attention_oracle, forward_kwargs=lambda: additive_mask(3)),
]
