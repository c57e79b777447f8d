"""Initialisers: fans as PyTorch computes them, and the variance each scheme promises."""

import math

import numpy as np
import pytest
import torch

from dlprep.nn import init
from dlprep.nn.conv import Conv2d
from dlprep.nn.layers import Linear


@pytest.mark.parametrize("shape", [(5, 3), (8, 4, 3, 3), (6, 2, 5), (7, 1, 2, 3, 4)])
def test_fans_match_pytorch(shape):
    assert init.compute_fans(shape) == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))


SHAPE = (256, 64, 3, 3)  # fan_in = 576, fan_out = 2304; 147k draws pin the std to about 0.2%
FAN_IN, FAN_OUT = 64 * 9, 256 * 9
EXPECTED_STD = {
    "xavier_uniform": math.sqrt(2 / (FAN_IN + FAN_OUT)),
    "xavier_normal": math.sqrt(2 / (FAN_IN + FAN_OUT)),
    "he_uniform": math.sqrt(2 / FAN_IN),
    "he_normal": math.sqrt(2 / FAN_IN),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_STD))
def test_each_scheme_has_the_promised_spread(name):
    w = init.initialize(name, SHAPE, rng=0)
    assert w.shape == SHAPE and w.dtype == np.float64
    assert abs(w.mean()) < 0.01 * EXPECTED_STD[name]
    assert w.std() == pytest.approx(EXPECTED_STD[name], rel=0.01)
    if name.endswith("uniform"):  # U(-b, b) with b = √3 · std
        assert np.abs(w).max() <= math.sqrt(3) * EXPECTED_STD[name]


def test_he_options_follow_pytorch_gain_and_mode():
    w = init.he_normal(SHAPE, negative_slope=0.2, mode="fan_out", rng=0)
    gain = torch.nn.init.calculate_gain("leaky_relu", 0.2)
    assert w.std() == pytest.approx(gain / math.sqrt(FAN_OUT), rel=0.01)
    assert init.kaiming_uniform is init.he_uniform


def test_xavier_gain_scales_the_spread():
    base = init.xavier_uniform((300, 200), rng=0)
    np.testing.assert_allclose(init.xavier_uniform((300, 200), gain=2.0, rng=0), 2 * base)


def test_seed_and_dtype():
    a = init.he_uniform((4, 3), rng=7, dtype=np.float32)
    assert a.dtype == np.float32
    np.testing.assert_array_equal(a, init.he_uniform((4, 3), rng=np.random.default_rng(7), dtype=np.float32))
    assert not np.array_equal(a, init.he_uniform((4, 3), rng=8, dtype=np.float32))


def test_layers_use_the_named_initializer():
    linear = Linear(500, 400, init="he_normal", rng=0)
    assert linear.weight.data.std() == pytest.approx(math.sqrt(2 / 500), rel=0.02)
    conv = Conv2d(32, 64, 3, rng=0)  # He uniform by default: bound √(6 / fan_in)
    assert np.abs(conv.weight.data).max() <= math.sqrt(6 / (32 * 9))
    assert conv.weight.data.std() == pytest.approx(math.sqrt(2 / (32 * 9)), rel=0.03)
