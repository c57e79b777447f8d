"""Every optimizer in the registry follows torch.optim's trajectory for 50 steps; schedules follow
torch.optim.lr_scheduler for 100; plus argument errors and the schedules' own invariants."""

import math

import numpy as np
import pytest
import torch

from dlprep.nn import optim, schedules
from dlprep.nn.module import Parameter
from tests.nn.train_cases import OPTIMIZER_CASES, SCHEDULE_CASES, OptimizerCase, ScheduleCase


def by_id(cases):
    return pytest.mark.parametrize("case", cases, ids=[case.id for case in cases])


class LeastSquares:
    """L(W, b) = mean ‖X Wᵀ + b - Y‖² with two parameters of different shapes."""

    def __init__(self, seed: int = 0):
        rng = np.random.default_rng(seed)
        self.X, self.Y = rng.normal(size=(20, 4)), rng.normal(size=(20, 3))
        self.init = [rng.normal(size=(3, 4)), rng.normal(size=3)]

    def grads(self, W, b):  # analytic, for our parameters
        residual = self.X @ W.T + b - self.Y  # (20, 3)
        return 2 * residual.T @ self.X / len(self.X), 2 * residual.sum(axis=0) / len(self.X)

    def torch_loss(self, W, b):  # autograd supplies torch's gradients
        return ((torch.from_numpy(self.X) @ W.T + b - torch.from_numpy(self.Y)) ** 2).sum() / len(self.X)


@by_id(OPTIMIZER_CASES)
def test_trajectory_matches_torch_for_50_steps(case: OptimizerCase):
    problem = LeastSquares()
    ours = [Parameter(a.copy()) for a in problem.init]
    theirs = [torch.tensor(a, requires_grad=True) for a in problem.init]
    opt, opt_t = case.ours(ours, **case.kwargs), case.theirs(theirs, **case.kwargs)
    for _ in range(50):
        opt.zero_grad()
        for p, g in zip(ours, problem.grads(*(p.data for p in ours)), strict=True):
            p.grad += g
        opt.step()
        opt_t.zero_grad()
        problem.torch_loss(*theirs).backward()
        opt_t.step()
    assert opt.step_count == 50
    for p, t in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-9, atol=1e-10)


@by_id(OPTIMIZER_CASES)
def test_step_reads_but_never_writes_the_gradient(case: OptimizerCase):
    p = Parameter(np.ones(3))
    p.grad[...] = [1.0, -2.0, 0.5]
    opt = case.ours([p], **case.kwargs)
    opt.step()
    np.testing.assert_array_equal(p.grad, [1.0, -2.0, 0.5])
    opt.zero_grad()
    assert not p.grad.any()


@pytest.mark.parametrize("make, message", [
    (lambda p: optim.SGD(p, lr=-0.1), "lr"),
    (lambda p: optim.SGD([], lr=0.1), "empty"),
    (lambda p: optim.SGD(p, lr=0.1, nesterov=True), "nesterov"),
    (lambda p: optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), "nesterov"),
    (lambda p: optim.Adam(p, betas=(0.9, 1.0)), "betas"),
    (lambda p: optim.AdamW(p, weight_decay=-1.0), "weight_decay"),
    (lambda p: optim.RMSprop(p, alpha=1.5), "alpha"),
])
def test_bad_optimizer_arguments_raise_value_error(make, message):
    with pytest.raises(ValueError, match=message):
        make([Parameter(np.zeros(2))])


def learning_rates(case: ScheduleCase) -> tuple[list[float], list[float]]:
    """The lr each optimizer step uses under our schedule and torch's."""
    opt = optim.SGD([Parameter(np.zeros(1))], lr=0.5)
    opt_t = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.5)
    ours, theirs = case.ours(opt), case.theirs(opt_t)
    ours_lr, theirs_lr = [], []
    for t in range(case.steps):
        ours_lr.append(opt.lr)
        theirs_lr.append(opt_t.param_groups[0]["lr"])
        opt_t.step()  # torch warns if a scheduler steps before its optimizer
        args = () if case.metrics is None else (case.metrics[t],)
        ours.step(*args)
        theirs.step(*args)
    return ours_lr, theirs_lr


@by_id(SCHEDULE_CASES)
def test_schedule_matches_torch(case: ScheduleCase):
    ours, theirs = learning_rates(case)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
    if case.metrics is not None:  # the plateau cases must actually cut the rate
        assert len(set(ours)) >= 3


def test_warmup_cosine_shape():
    lrs = [schedules.warmup_cosine(t, 1.0, warmup_steps=5, total_steps=25, min_lr=0.1) for t in range(40)]
    assert lrs[0] == pytest.approx(0.2) and lrs[4] == pytest.approx(1.0) and lrs[5] == pytest.approx(1.0)
    assert np.all(np.diff(lrs[:5]) > 0) and np.all(np.diff(lrs[5:26]) < 0)
    assert lrs[15] == pytest.approx(0.55)  # half-way through the cosine: the midpoint of 1 and 0.1
    assert lrs[25:] == [pytest.approx(0.1)] * 15  # held at min_lr after total_steps
    assert schedules.warmup_cosine(3, 2.0, 0, 10) == pytest.approx(1.0 + math.cos(math.pi * 0.3))


@pytest.mark.parametrize("make, message", [
    (lambda o: schedules.StepLR(o, step_size=0), "step_size"),
    (lambda o: schedules.CosineAnnealingLR(o, t_max=0), "t_max"),
    (lambda o: schedules.WarmupCosineLR(o, warmup_steps=10, total_steps=10), "warmup_steps"),
    (lambda o: schedules.ReduceLROnPlateau(o, mode="lowest"), "mode"),
    (lambda o: schedules.ReduceLROnPlateau(o, factor=1.0), "factor"),
    (lambda o: schedules.ReduceLROnPlateau(o, patience=-1), "patience"),
])
def test_bad_schedule_arguments_raise_value_error(make, message):
    with pytest.raises(ValueError, match=message):
        make(optim.SGD([Parameter(np.zeros(1))], lr=0.1))
