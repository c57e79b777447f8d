"""Bad arguments raise ValueError with a message that says what is wrong."""

import re

import numpy as np
import pytest

from dlprep.nn import functional as F
from dlprep.nn import init
from dlprep.nn.activations import ELU, GELU
from dlprep.nn.attention import MultiHeadAttention, scaled_dot_product_attention, sinusoidal_positional_encoding
from dlprep.nn.conv import AvgPool2d, Conv2d, MaxPool2d
from dlprep.nn.gradcheck import gradcheck, numerical_gradient
from dlprep.nn.layers import Dropout, Embedding, Linear, Sequential
from dlprep.nn.norm import BatchNorm1d, BatchNorm2d, LayerNorm
from dlprep.nn.rnn import GRU, LSTM, RNN, LSTMCell


def ones(*shape):
    return np.ones(shape)


BAD_CALLS = {
    # constructors
    "linear-zero-features": (lambda: Linear(0, 3), "in_features must be a positive integer, got 0"),
    "linear-unknown-init": (lambda: Linear(4, 3, init="glorot"), "init must be one of"),
    "integer-dtype": (lambda: Linear(4, 3, dtype=np.int32), "dtype must be float32 or float64, got int32"),
    "conv-negative-stride": (lambda: Conv2d(3, 4, 3, stride=-1), "stride must be an integer >= 1"),
    "conv-negative-padding": (lambda: Conv2d(3, 4, 3, padding=-1), "padding must be an integer >= 0"),
    "conv-zero-kernel": (lambda: Conv2d(3, 4, 0), "kernel_size must be an integer >= 1"),
    "conv-kernel-triple": (lambda: Conv2d(3, 4, (3, 3, 3)), "kernel_size must be an integer >= 1 or a pair"),
    "conv-groups": (lambda: Conv2d(3, 4, 3, groups=2), "groups=2 must divide in_channels=3"),
    "pool-padding-over-half-kernel": (lambda: MaxPool2d(2, padding=2), "at most half of kernel_size"),
    "pool-zero-stride": (lambda: AvgPool2d(2, stride=0), "stride must be an integer >= 1"),
    "bn-momentum": (lambda: BatchNorm1d(3, momentum=2.0), r"momentum must be in \[0, 1\]"),
    "bn-eps": (lambda: BatchNorm2d(3, eps=0.0), "eps must be > 0"),
    "layernorm-empty-shape": (lambda: LayerNorm(()), "at least one axis"),
    "dropout-p-one": (lambda: Dropout(1.0), r"p must be in \[0, 1\), got 1.0"),
    "dropout-p-negative": (lambda: Dropout(-0.1), r"p must be in \[0, 1\)"),
    "elu-negative-alpha": (lambda: ELU(-1.0), "alpha must be >= 0"),
    "gelu-mode": (lambda: GELU("fast"), "approximate must be 'none' or 'tanh'"),
    "gelu-function-mode": (lambda: F.gelu(ones(2), "fast"), "approximate must be 'none' or 'tanh'"),
    "mha-heads": (lambda: MultiHeadAttention(6, 4), "embed_dim=6 must be divisible by num_heads=4"),
    "sequential-non-module": (lambda: Sequential(Linear(2, 2), "relu"), "argument 1 is str"),
    "fans-of-a-vector": (lambda: init.compute_fans((3,)), "at least 2 dimensions"),
    "he-mode": (lambda: init.he_uniform((3, 3), mode="fan_avg"), "mode must be 'fan_in' or 'fan_out'"),
    "pe-length": (lambda: sinusoidal_positional_encoding(0, 4), "length must be a positive integer"),
    # inputs
    "linear-features": (lambda: Linear(4, 3).forward(ones(2, 5)), r"in_features \(last axis\) = 4, got 5"),
    "conv-ndim": (lambda: Conv2d(3, 4, 3).forward(ones(3, 5, 5)), r"\(N, C, H, W\), got shape \(3, 5, 5\)"),
    "conv-not-an-array": (lambda: Conv2d(3, 4, 3).forward([[1.0]]), r"\(N, C, H, W\), got list"),
    "conv-channels": (lambda: Conv2d(3, 4, 3).forward(ones(1, 2, 5, 5)), "input channels C = 3, got 2"),
    "conv-kernel-too-large": (lambda: Conv2d(3, 4, 5).forward(ones(1, 3, 4, 4)),
                              "larger than the padded input 4x4"),
    "conv-dilated-kernel-too-large": (lambda: Conv2d(1, 1, 3, dilation=3).forward(ones(1, 1, 6, 6)),
                                      "kernel reaching 7x7"),
    "maxpool-kernel-too-large": (lambda: MaxPool2d(3).forward(ones(1, 1, 2, 2)), "larger than the padded"),
    "bn2d-ndim": (lambda: BatchNorm2d(3).forward(ones(2, 3, 4)), r"BatchNorm2d expects .* \(N, C, H, W\)"),
    "bn1d-channels": (lambda: BatchNorm1d(3).forward(ones(2, 4)), r"channels \(axis 1\) = 3, got 4"),
    "bn-single-value": (lambda: BatchNorm1d(3).forward(ones(1, 3), training=True), "more than 1 value per"),
    "layernorm-trailing": (lambda: LayerNorm(4).forward(ones(2, 5)), r"trailing axes \(4,\)"),
    "embedding-range": (lambda: Embedding(5, 2).forward(np.array([0, 5])), r"must lie in \[0, 5\)"),
    "embedding-float-indices": (lambda: Embedding(5, 2).forward(np.array([0.0])), "integer index array"),
    "rnn-ndim": (lambda: RNN(3, 4).forward(ones(2, 3)), r"RNN expects input of shape \(N, T, D\)"),
    "lstm-features": (lambda: LSTM(3, 4).forward(ones(2, 5, 2)), "input features D = 3, got 2"),
    "rnn-no-steps": (lambda: RNN(3, 4).forward(ones(2, 0, 3)), "at least one time step"),
    "gru-state-shape": (lambda: GRU(3, 4).forward(ones(2, 5, 3), state=ones(3, 4)),
                        r"state h of shape \(N, H\) = \(2, 4\), got shape \(3, 4\)"),
    "lstm-state-not-a-pair": (lambda: LSTMCell(3, 4).forward(ones(2, 3), state=ones(2, 4)),
                              r"\(h, c\), each of shape \(N, H\) = \(2, 4\), got shape \(2, 4\)"),
    "mha-embed": (lambda: MultiHeadAttention(8, 2).forward(ones(2, 3, 6)), "embed_dim E = 8, got 6"),
    "attention-shapes": (lambda: scaled_dot_product_attention(ones(2, 3), ones(4, 5), ones(4, 5)), "q .*, k"),
    "attention-integer-mask": (lambda: scaled_dot_product_attention(ones(2, 3), ones(2, 3), ones(2, 3),
                                                                    mask=np.ones((2, 2), dtype=int)),
                               "mask must be boolean"),
    "col2im-shape": (lambda: F.col2im(ones(1, 1, 3, 3, 2, 2), (1, 1, 5, 5), 3), "cols must have shape"),
    "gradcheck-float32": (lambda: gradcheck(Linear(2, 2, dtype=np.float32), ones(1, 2)), "needs float64"),
    "numerical-gradient-view": (lambda: numerical_gradient(lambda: 0.0, ones(4, 4)[:, ::2]), "C-contiguous"),
}


@pytest.mark.parametrize("call, message", BAD_CALLS.values(), ids=BAD_CALLS.keys())
def test_bad_argument_raises_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_messages_name_the_layer():
    with pytest.raises(ValueError, match=re.escape("MaxPool2d expects input of shape (N, C, H, W)")):
        MaxPool2d(2).forward(ones(4, 4))
