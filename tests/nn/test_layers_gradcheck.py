"""The gradient checker itself: it must accept correct gradients and catch wrong ones."""

import numpy as np

from dlprep.nn.gradcheck import gradcheck, gradient_errors, numerical_gradient, relative_error
from dlprep.nn.layers import Linear
from dlprep.nn.module import Module, Parameter


class SquareWithWrongScaleGrad(Module):
    """y = s · x²; backward is right for x but forgets to accumulate into s.grad."""

    def __init__(self):
        self.scale = Parameter(np.array([1.5]))

    def forward(self, x, training=False):
        self._x = x
        return self.scale.data * x**2

    def backward(self, dout):
        return dout * 2 * self.scale.data * self._x


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(numerical_gradient(lambda: float(np.sum(x**3)), x), 3 * x**2, rtol=1e-8)
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])  # restored after perturbing


def test_gradcheck_catches_a_missing_parameter_gradient():
    errors = gradient_errors(SquareWithWrongScaleGrad(), np.random.default_rng(0).standard_normal((3, 2)))
    assert errors["input"] < 1e-8
    assert errors["scale"] > 1e-2


def test_gradcheck_leaves_the_module_and_input_unchanged():
    layer = Linear(3, 2, rng=0)
    weight_before = layer.weight.data.copy()
    x = np.random.default_rng(0).standard_normal((4, 3))
    x_before = x.copy()
    assert gradcheck(layer, x) < 1e-8
    np.testing.assert_array_equal(layer.weight.data, weight_before)
    np.testing.assert_array_equal(layer.weight.grad, 0.0)
    np.testing.assert_array_equal(x, x_before)


def test_relative_error_is_relative_above_one_and_absolute_below():
    assert relative_error(np.array([100.0]), np.array([101.0])) == 1.0 / 101.0
    assert relative_error(np.array([0.0]), np.array([1e-10])) == 1e-10
