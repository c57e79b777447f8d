"""One battery over every loss in the registry: value and gradient equal PyTorch's (float64),
the gradient passes a central-difference check, float32 stays float32; plus argument errors."""

import numpy as np
import pytest
import torch

from dlprep.nn import losses
from dlprep.nn.gradcheck import numerical_gradient, relative_error
from tests.nn.train_cases import LOSS_CASES, LossCase, class_logits

TORCH_TOL = {"rtol": 1e-5, "atol": 1e-5}
SEEDS = range(3)  # three random shapes per case


def by_id(cases):
    return pytest.mark.parametrize("case", cases, ids=[case.id for case in cases])


def upstream(loss: losses.Loss, value, rng) -> np.ndarray | None:
    """dL/dloss fed to backward: random per element for reduction='none', else None (= 1)."""
    return rng.normal(size=np.shape(value)) if loss.reduction == "none" else None


@by_id(LOSS_CASES)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.filterwarnings("ignore:reduction. 'mean' divides")  # torch's kl_div nudging to batchmean
def test_value_and_gradient_match_pytorch(case: LossCase, seed):
    rng = np.random.default_rng(seed)
    pred, target = case.sample(rng)
    loss = case.build()
    value = loss.forward(pred, target)
    dout = upstream(loss, value, rng)
    dpred = loss.backward(dout)

    pred_t = torch.tensor(pred, requires_grad=True)
    value_t = case.oracle(pred_t, torch.from_numpy(target))
    value_t.backward(torch.ones_like(value_t) if dout is None else torch.from_numpy(dout))
    np.testing.assert_allclose(value, value_t.detach().numpy(), **TORCH_TOL)
    np.testing.assert_allclose(dpred, pred_t.grad.numpy(), **TORCH_TOL)


@by_id(LOSS_CASES)
def test_gradient_matches_central_differences(case: LossCase):
    rng = np.random.default_rng(0)
    pred, target = case.sample(rng)
    loss = case.build()
    dout = upstream(loss, loss.forward(pred, target), rng)
    analytic = loss.backward(dout)

    def scalar() -> float:  # Σ dout · loss, whose gradient is what backward(dout) returns
        value = case.build().forward(pred, target)
        return float(np.sum(value if dout is None else value * dout))

    assert relative_error(analytic, numerical_gradient(scalar, pred)) < 1e-7


@by_id([case for case in LOSS_CASES if case.id.endswith("-mean")])
def test_float32_predictions_keep_their_dtype(case: LossCase):
    pred, target = case.sample(np.random.default_rng(0))
    loss64, loss32 = case.build(), case.build()
    value64 = loss64.forward(pred, target)
    value32 = loss32.forward(pred.astype(np.float32), target)
    grad32 = loss32.backward()
    assert grad32.dtype == np.float32
    np.testing.assert_allclose(value32, value64, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(grad32, loss64.backward(), rtol=1e-4, atol=1e-5)


def test_softmax_cross_entropy_gradient_is_softmax_minus_onehot_over_n():
    logits, target = class_logits(np.random.default_rng(0))
    loss = losses.CrossEntropyLoss()
    loss.forward(logits, target)
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    onehot = np.eye(logits.shape[1])[target]
    np.testing.assert_allclose(loss.backward(), (p - onehot) / len(target), atol=1e-12)


def test_focal_loss_with_gamma_zero_is_cross_entropy():
    logits, target = class_logits(np.random.default_rng(1))
    focal, ce = losses.FocalLoss(gamma=0.0), losses.CrossEntropyLoss()
    np.testing.assert_allclose(focal(logits, target), ce(logits, target), atol=1e-12)
    np.testing.assert_allclose(focal.backward(), ce.backward(), atol=1e-12)


def test_stable_losses_stay_finite_for_extreme_inputs():
    z = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]])
    ce = losses.CrossEntropyLoss()
    assert ce(z, np.array([0, 0])) == pytest.approx(1000.0)
    assert np.isfinite(ce.backward()).all()
    bce = losses.BCEWithLogitsLoss()
    assert bce(z.ravel(), np.array([1.0, 0.0, 1.0, 0.0])) == pytest.approx(500.0)  # two exact, two off by 1000
    focal = losses.FocalLoss(gamma=0.5)  # p_t rounds to 1 in row 0: (1 - p_t)^(γ-1) must not give nan
    focal(z, np.array([0, 0]))
    assert np.isfinite(focal.backward()).all()
    clipped = losses.BCELoss()(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    assert clipped == pytest.approx(-np.log(1e-7))


@pytest.mark.parametrize("make, pred, target, message", [
    (losses.MSELoss, np.zeros(3), np.zeros(4), "shape"),
    (lambda: losses.MSELoss(reduction="avg"), np.zeros(3), np.zeros(3), "reduction"),
    (lambda: losses.HuberLoss(delta=0.0), None, None, "delta"),
    (lambda: losses.BCELoss(eps=0.7), None, None, "eps"),
    (losses.CrossEntropyLoss, np.zeros((3, 2)), np.array([0, 1, 2]), r"\[0, 2\)"),
    (losses.CrossEntropyLoss, np.zeros((3, 2)), np.array([0.0, 1.0, 1.0]), "integers"),
    (losses.CrossEntropyLoss, np.zeros(3), np.array([0, 1, 1]), r"\(N, C\)"),
    (lambda: losses.CrossEntropyLoss(weight=[1.0, 2.0, 3.0]), np.zeros((2, 2)), np.array([0, 1]), "weight"),
    (lambda: losses.CrossEntropyLoss(label_smoothing=1.5), None, None, "label_smoothing"),
    (lambda: losses.CrossEntropyLoss(ignore_index=-1), np.zeros((2, 2)), np.array([-1, -1]), "every target"),
    (lambda: losses.FocalLoss(gamma=-1.0), None, None, "gamma"),
    (losses.KLDivLoss, np.zeros((2, 2)), -np.ones((2, 2)), "probabilities"),
])
def test_bad_arguments_raise_value_error(make, pred, target, message):
    with pytest.raises(ValueError, match=message):
        make().forward(pred, target)
