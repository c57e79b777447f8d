"""Layers that behave differently in training and evaluation: BatchNorm and Dropout."""

import numpy as np
import pytest
import torch

from dlprep.nn.gradcheck import gradcheck
from dlprep.nn.layers import Dropout
from dlprep.nn.norm import BatchNorm1d, BatchNorm2d


@pytest.mark.parametrize(("ours_type", "torch_type", "shape"), [
    (BatchNorm1d, torch.nn.BatchNorm1d, (8, 3)),
    (BatchNorm2d, torch.nn.BatchNorm2d, (4, 3, 5, 5)),
])
def test_batchnorm_running_stats_and_eval_mode_match_pytorch(ours_type, torch_type, shape):
    rng = np.random.default_rng(0)
    ours = ours_type(3, momentum=0.3)
    ours.weight.data[:] = rng.uniform(0.5, 2.0, 3)
    ours.bias.data[:] = rng.standard_normal(3)
    theirs = torch_type(3, momentum=0.3).double()
    with torch.no_grad():
        theirs.weight.copy_(torch.from_numpy(ours.weight.data))
        theirs.bias.copy_(torch.from_numpy(ours.bias.data))

    for _ in range(3):  # batches with a shifted, scaled distribution, so the stats really move
        x = 3.0 + 2.0 * rng.standard_normal(shape)
        y_t = theirs.train()(torch.from_numpy(x))
        np.testing.assert_allclose(ours.forward(x, training=True), y_t.detach().numpy(), rtol=1e-10)
    # PyTorch stores the unbiased batch variance in running_var; the biased one would differ by m/(m-1).
    np.testing.assert_allclose(ours.running_mean, theirs.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours.running_var, theirs.running_var.numpy(), rtol=1e-12)

    x = rng.standard_normal(shape)
    x_t = torch.from_numpy(x).requires_grad_()
    y_t = theirs.eval()(x_t)
    dout = rng.standard_normal(shape)
    y_t.backward(torch.from_numpy(dout))
    np.testing.assert_allclose(ours.forward(x, training=False), y_t.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(ours.backward(dout), x_t.grad.numpy(), rtol=1e-10)
    assert gradcheck(ours, x, training=False) < 1e-7


def test_batchnorm_training_output_is_standardised_per_channel():
    x = 5.0 + 3.0 * np.random.default_rng(0).standard_normal((16, 4, 3, 3))
    y = BatchNorm2d(4).forward(x, training=True)  # γ = 1, β = 0
    np.testing.assert_allclose(y.mean(axis=(0, 2, 3)), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=(0, 2, 3)), 1.0, rtol=1e-4)  # 1 − ε/σ², not exactly 1


def test_batchnorm_eval_does_not_touch_running_stats_and_gradcheck_leaves_them_alone():
    bn = BatchNorm1d(3)
    x = np.random.default_rng(0).standard_normal((5, 3))
    bn.forward(x, training=False)
    gradcheck(bn, x, training=True)
    np.testing.assert_array_equal(bn.running_mean, 0.0)
    np.testing.assert_array_equal(bn.running_var, 1.0)


def test_dropout_is_the_identity_in_evaluation():
    x = np.random.default_rng(0).standard_normal((4, 5))
    drop = Dropout(0.5, rng=0)
    assert drop.forward(x, training=False) is x
    dout = np.ones_like(x)
    assert drop.backward(dout) is dout


def test_dropout_in_training_zeroes_about_p_and_scales_survivors():
    p = 0.3
    x = np.random.default_rng(0).uniform(1.0, 2.0, (200, 500))  # never 0, so zeros in y are dropped units
    y = Dropout(p, rng=1).forward(x, training=True)  # not seed 0: the mask would copy x's uniform draws
    dropped = y == 0
    assert dropped.mean() == pytest.approx(p, abs=0.005)  # 100k draws: std of the fraction is 0.0015
    np.testing.assert_allclose(y[~dropped], x[~dropped] / (1 - p))
    assert y.mean() == pytest.approx(x.mean(), rel=0.01)  # inverted dropout keeps the expectation


def test_dropout_backward_uses_the_forward_mask():
    x = np.random.default_rng(0).uniform(1.0, 2.0, (6, 7))
    drop = Dropout(0.4, rng=1)
    y = drop.forward(x, training=True)
    dout = np.random.default_rng(2).standard_normal(x.shape)
    np.testing.assert_allclose(drop.backward(dout), dout * y / x)


def test_dropout_masks_come_from_the_seed_and_change_between_calls():
    x = np.ones((10, 10))
    a, b = Dropout(0.5, rng=3), Dropout(0.5, rng=3)
    first = a.forward(x, training=True)
    np.testing.assert_array_equal(first, b.forward(x, training=True))
    assert not np.array_equal(first, a.forward(x, training=True))


def test_dropout_with_p_zero_is_the_identity_in_training():
    x = np.random.default_rng(0).standard_normal((3, 3))
    assert Dropout(0.0).forward(x, training=True) is x
