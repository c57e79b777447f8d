"""One check battery over every layer in the registry (scikit-learn's "common checks" idea).

Each layer must: pass a central-difference gradient check; match PyTorch in forward and backward;
run in float32 and keep the dtype; be reproducible from a seed; accumulate parameter gradients;
leave its inputs unchanged; and behave the same in training and evaluation unless it is meant not to.
"""

import importlib
import inspect

import numpy as np
import pytest
import torch

from dlprep.nn.gradcheck import gradient_errors
from dlprep.nn.module import Module
from tests.nn.layer_cases import CASES, LayerCase

LAYER_MODULES = [f"dlprep.nn.{name}" for name in ("activations", "layers", "conv", "norm", "rnn", "attention")]
# float64 results agree with PyTorch to ~1e-12; 1e-8 is tight enough to notice e.g. ε outside the sqrt.
TORCH_TOL = {"rtol": 1e-8, "atol": 1e-8}
ORACLE_CASES = [case for case in CASES if case.oracle is not None]


def by_id(cases):
    return pytest.mark.parametrize("case", cases, ids=[case.id for case in cases])


def run(case: LayerCase, module: Module, x: np.ndarray, dout_seed: int = 1):
    """Forward, then backward with a random upstream gradient; returns y, dout, dx."""
    y = module.forward(x, case.training, **case.forward_kwargs())
    dout = np.random.default_rng(dout_seed).standard_normal(y.shape).astype(y.dtype)
    return y, dout, module.backward(dout)


def test_every_public_layer_has_a_case():
    registered = {type(case.build()) for case in CASES}
    public = set()
    for module in map(importlib.import_module, LAYER_MODULES):
        public |= {cls for name, cls in inspect.getmembers(module, inspect.isclass)
                   if issubclass(cls, Module) and cls.__module__ == module.__name__ and not name.startswith("_")}
    assert public, "no layers found: LAYER_MODULES is stale"
    assert public - registered == set()


@by_id(CASES)
def test_backward_matches_central_differences(case):
    module = case.build()
    x = case.sample(np.random.default_rng(0))
    errors = gradient_errors(module, x, case.training, **case.forward_kwargs())
    assert max(errors.values()) < 1e-7, errors


@by_id(ORACLE_CASES)
def test_forward_and_backward_match_pytorch(case):
    ours = case.build()
    x = case.sample(np.random.default_rng(0))
    y, dout, dx = run(case, ours, x)

    oracle = case.oracle(ours)
    oracle.module.train(case.training)
    x_t = torch.from_numpy(x).requires_grad_(not case.index_range)
    y_t = oracle.forward(x_t, **case.forward_kwargs())
    y_t.backward(torch.from_numpy(dout))

    np.testing.assert_allclose(y, y_t.detach().numpy(), **TORCH_TOL)
    if not case.index_range:
        np.testing.assert_allclose(dx, x_t.grad.numpy(), **TORCH_TOL)
    for name, grad in oracle.grads().items():
        np.testing.assert_allclose(ours.grads[name], grad, **TORCH_TOL, err_msg=name)


@by_id(CASES)
def test_float32_keeps_dtype_and_agrees_with_float64(case):
    x = case.sample(np.random.default_rng(0))
    module32 = case.build(dtype=np.float32)
    y32, _, dx32 = run(case, module32, x.astype(np.float32) if not case.index_range else x)
    y64, _, dx64 = run(case, case.build(), x)

    assert y32.dtype == np.float32
    assert all(p.data.dtype == p.grad.dtype == np.float32 for p in module32.parameters())
    np.testing.assert_allclose(y32, y64, rtol=1e-4, atol=1e-5)
    if not case.index_range:
        assert dx32.dtype == np.float32
        np.testing.assert_allclose(dx32, dx64, rtol=1e-4, atol=1e-5)


@by_id(CASES)
def test_same_seed_gives_same_layer_and_outputs(case):
    x = case.sample(np.random.default_rng(0))
    a, b = case.build(rng=3), case.build(rng=np.random.default_rng(3))
    for name, value in a.params.items():
        np.testing.assert_array_equal(value, b.params[name], err_msg=name)
    np.testing.assert_array_equal(run(case, a, x)[0], run(case, b, x)[0])


@by_id(CASES)
def test_backward_accumulates_parameter_gradients(case):
    module = case.build()
    _, dout, dx = run(case, module, case.sample(np.random.default_rng(0)))
    once = {name: grad.copy() for name, grad in module.grads.items()}
    dx_again = module.backward(dout)  # the cache is still there, so backward can run twice

    for name, grad in module.grads.items():
        np.testing.assert_allclose(grad, 2 * once[name], rtol=1e-12, err_msg=name)
    if dx is not None:
        np.testing.assert_array_equal(dx_again, dx)
    module.zero_grad()
    assert not any(grad.any() for grad in module.grads.values())


@by_id(CASES)
def test_forward_and_backward_leave_their_inputs_unchanged(case):
    x = case.sample(np.random.default_rng(0))
    x_before = x.copy()
    module = case.build()
    y = module.forward(x, case.training, **case.forward_kwargs())
    dout = np.ones_like(y)
    module.backward(dout)
    np.testing.assert_array_equal(x, x_before)
    assert (dout == 1).all()


@by_id([case for case in CASES if not case.mode_dependent])
def test_training_flag_changes_nothing_for_layers_without_modes(case):
    x = case.sample(np.random.default_rng(0))
    module = case.build()
    kwargs = case.forward_kwargs()
    np.testing.assert_array_equal(module.forward(x, True, **kwargs), module.forward(x, False, **kwargs))
