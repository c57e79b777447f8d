"""The pure functions: numerical stability of activations and softmax, and im2col/col2im geometry."""

import numpy as np
import pytest
import scipy.special
import torch

from dlprep.nn import functional as F

EXTREME = np.array([-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0])
NO_OVERFLOW = {"over": "raise", "invalid": "raise", "divide": "raise"}  # underflow to 0 is fine


def test_sigmoid_is_stable_for_large_inputs():
    with np.errstate(**NO_OVERFLOW):
        s = F.sigmoid(EXTREME)
        grad = F.sigmoid_grad(EXTREME)
    np.testing.assert_allclose(s, scipy.special.expit(EXTREME), rtol=1e-15)
    assert s[0] == 0.0 and s[-1] == 1.0 and np.isfinite(grad).all()


def test_elu_does_not_overflow_in_the_branch_it_discards():
    with np.errstate(**NO_OVERFLOW):
        np.testing.assert_allclose(F.elu(EXTREME), [np.expm1(-1000.0), np.expm1(-50.0), np.expm1(-1.0), 0, 1, 50, 1000])
        assert np.isfinite(F.elu_grad(EXTREME)).all()


def test_erf_is_exact_to_double_precision():
    x = np.linspace(-6, 6, 101)
    np.testing.assert_allclose(F.erf(x), scipy.special.erf(x), rtol=1e-15, atol=1e-16)
    assert F.erf(x.astype(np.float32)).dtype == np.float32


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_and_its_derivative_match_pytorch(approximate):
    x = np.linspace(-8, 8, 41)
    x_t = torch.from_numpy(x).requires_grad_()
    y_t = torch.nn.functional.gelu(x_t, approximate=approximate)
    y_t.sum().backward()
    np.testing.assert_allclose(F.gelu(x, approximate), y_t.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(F.gelu_grad(x, approximate), x_t.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_relu_family_derivative_at_zero_is_the_left_one():
    zero = np.zeros(1)
    assert F.relu_grad(zero)[0] == 0.0
    assert F.leaky_relu_grad(zero, 0.1)[0] == pytest.approx(0.1)


def test_softmax_and_log_softmax_are_stable_for_huge_logits():
    x = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    with np.errstate(**NO_OVERFLOW):
        y, z = F.softmax(x), F.log_softmax(x)
    np.testing.assert_allclose(y[0], F.softmax(np.array([0.0, 1.0, 2.0])))
    np.testing.assert_allclose(y.sum(axis=-1), 1.0)
    # A probability of e^-2000 underflows to 0, but its log stays exact and finite.
    np.testing.assert_allclose(z[1], [-2000.0, -1000.0, 0.0])


def test_softmax_along_another_axis():
    x = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_allclose(F.softmax(x, axis=0), F.softmax(x.T).T)
    np.testing.assert_allclose(np.exp(F.log_softmax(x, axis=0)), F.softmax(x, axis=0))


GEOMETRIES = [  # kernel, stride, padding, dilation
    (3, 1, 0, 1),
    (3, 2, 1, 1),
    ((2, 3), (1, 2), (0, 1), (2, 1)),
    (1, 3, 0, 1),
]


def im2col_by_definition(x, kernel, stride, padding, dilation):
    """cols[n, c, i, j, oh, ow] = x_pad[n, c, oh·s + i·d, ow·s + j·d], one pixel at a time."""
    geometry = (kernel, stride, padding, dilation)
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = (np.broadcast_to(v, 2) for v in geometry)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    oh = F.conv_output_size(x.shape[2], kh, sh, ph, dh)
    ow = F.conv_output_size(x.shape[3], kw, sw, pw, dw)
    cols = np.zeros((*x.shape[:2], kh, kw, oh, ow))
    for i, j, r, c in np.ndindex(kh, kw, oh, ow):
        cols[:, :, i, j, r, c] = xp[:, :, r * sh + i * dh, c * sw + j * dw]
    return cols


@pytest.mark.parametrize("geometry", GEOMETRIES)
def test_im2col_matches_its_definition(geometry):
    x = np.random.default_rng(0).standard_normal((2, 3, 6, 7))
    np.testing.assert_array_equal(F.im2col(x, *geometry), im2col_by_definition(x, *geometry))


@pytest.mark.parametrize("geometry", GEOMETRIES)
def test_col2im_is_the_adjoint_of_im2col(geometry):
    # <im2col(x), c> = <x, col2im(c)> for all x, c is what makes col2im the right backward pass.
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 3, 6, 7))
    cols = rng.standard_normal(F.im2col(x, *geometry).shape)
    np.testing.assert_allclose(np.sum(F.im2col(x, *geometry) * cols),
                               np.sum(x * F.col2im(cols, x.shape, *geometry)), rtol=1e-12)


def test_im2col_pads_with_the_given_value():
    cols = F.im2col(np.zeros((1, 1, 2, 2)), 3, padding=1, pad_value=-np.inf)
    assert np.isneginf(cols[0, 0, 0, 0, 0, 0]) and cols[0, 0, 1, 1, 0, 0] == 0.0
