"""Gradient clipping equals torch.nn.utils; weight penalties match autograd and SGD's weight decay;
early stopping stops on time and restores the best weights."""

import numpy as np
import pytest
import torch

from dlprep.nn import optim, regularization
from dlprep.nn.module import Parameter


def params_and_tensors(seed: int = 0, scale: float = 1.0):
    rng = np.random.default_rng(seed)
    shapes = [(3, 4), (5,), (2, 2, 2)]
    ours = [Parameter(rng.normal(size=s)) for s in shapes]
    theirs = []
    for p in ours:
        p.grad[...] = scale * rng.normal(size=p.data.shape)
        t = torch.tensor(p.data, requires_grad=True)
        t.grad = torch.tensor(p.grad)
        theirs.append(t)
    return ours, theirs


@pytest.mark.parametrize("max_norm", [0.5, 100.0])
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, np.inf])
def test_clip_grad_norm_matches_torch(max_norm, norm_type):
    ours, theirs = params_and_tensors()
    total = regularization.clip_grad_norm_(ours, max_norm, norm_type)
    total_t = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    assert total == pytest.approx(float(total_t), rel=1e-12)
    for p, t in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-12, atol=1e-15)
    if max_norm < total:  # clipped: the new joint norm is max_norm (up to torch's 1e-6)
        norms = [np.linalg.norm(p.grad.ravel(), norm_type) for p in ours]
        assert np.linalg.norm(norms, norm_type) == pytest.approx(max_norm, rel=1e-5)


@pytest.mark.parametrize("clip_value", [0.0, 0.3, 10.0])
def test_clip_grad_value_matches_torch(clip_value):
    ours, theirs = params_and_tensors()
    regularization.clip_grad_value_(ours, clip_value)
    torch.nn.utils.clip_grad_value_(theirs, clip_value)
    for p, t in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(p.grad, t.grad.numpy())


def test_clipping_rejects_negative_limits():
    ours, _ = params_and_tensors()
    with pytest.raises(ValueError, match="max_norm"):
        regularization.clip_grad_norm_(ours, -1.0)
    with pytest.raises(ValueError, match="norm_type"):
        regularization.clip_grad_norm_(ours, 1.0, norm_type=0)
    with pytest.raises(ValueError, match="clip_value"):
        regularization.clip_grad_value_(ours, -1.0)


@pytest.mark.parametrize("penalty, add_grad, torch_penalty", [
    (regularization.l2_penalty, regularization.add_l2_grad, lambda ts, lam: 0.5 * lam * sum((t**2).sum() for t in ts)),
    (regularization.l1_penalty, regularization.add_l1_grad, lambda ts, lam: lam * sum(t.abs().sum() for t in ts)),
])
def test_penalty_value_and_gradient_match_autograd(penalty, add_grad, torch_penalty):
    ours, theirs = params_and_tensors(scale=0.0)
    for t in theirs:
        t.grad = None
    value_t = torch_penalty(theirs, 0.3)
    value_t.backward()
    value_t = value_t.detach()
    assert penalty(ours, 0.3) == pytest.approx(value_t.item(), rel=1e-12)
    add_grad(ours, 0.3)
    for p, t in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-12)


def test_l2_gradient_equals_sgd_weight_decay():
    with_decay, _ = params_and_tensors(seed=1)
    explicit, _ = params_and_tensors(seed=1)
    optim.SGD(with_decay, lr=0.1, weight_decay=0.01).step()
    regularization.add_l2_grad(explicit, 0.01)
    optim.SGD(explicit, lr=0.1).step()
    for a, b in zip(with_decay, explicit, strict=True):
        np.testing.assert_allclose(a.data, b.data, rtol=1e-14)


def test_early_stopping_stops_after_patience_and_restores_best():
    p = Parameter(np.zeros(2))
    stopper = regularization.EarlyStopping([p], patience=2, min_delta=0.05)
    history = [1.0, 0.8, 0.78, 0.7, 0.69, 0.72, 0.5]  # 0.78 and 0.69 improve by less than min_delta
    stopped_at = None
    for epoch, val_loss in enumerate(history):
        p.data[...] = epoch  # stands in for an epoch of training
        if stopper.step(val_loss):
            stopped_at = epoch
            break
    assert stopped_at == 5 and stopper.best == 0.7 and stopper.best_step == 3
    stopper.restore_best()
    np.testing.assert_array_equal(p.data, [3.0, 3.0])


def test_early_stopping_mode_max_and_errors():
    p = Parameter(np.zeros(1))
    stopper = regularization.EarlyStopping([p], patience=1, mode="max")
    assert not stopper.step(0.5) and not stopper.step(0.6) and stopper.step(0.55)
    assert stopper.best == 0.6
    with pytest.raises(RuntimeError, match="step"):
        regularization.EarlyStopping([p]).restore_best()
    for kwargs in ({"patience": 0}, {"min_delta": -1.0}, {"mode": "median"}):
        with pytest.raises(ValueError):
            regularization.EarlyStopping([p], **kwargs)
