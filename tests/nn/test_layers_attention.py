"""Scaled dot-product attention as a function, masking, and sinusoidal positional encoding."""

import numpy as np
import pytest
import torch

from dlprep.nn.attention import (
    MultiHeadAttention,
    scaled_dot_product_attention,
    scaled_dot_product_attention_backward,
    sinusoidal_positional_encoding,
)
from dlprep.nn.gradcheck import numerical_gradient, relative_error

TQ, TK = 3, 5


def qkv(rng):  # Tq ≠ Tk and dv ≠ d, so a transposed shape anywhere would fail
    return tuple(rng.standard_normal(shape) for shape in [(2, 2, TQ, 4), (2, 2, TK, 4), (2, 2, TK, 6)])


KEEP = np.random.default_rng(7).random((TQ, TK)) > 0.4
KEEP[:, 0] = True  # every query keeps at least one key
MASKS = {
    "none": None,
    "boolean": KEEP,
    "additive": np.random.default_rng(8).standard_normal((2, 1, TQ, TK)),
}


@pytest.mark.parametrize("mask_kind", MASKS)
def test_attention_function_matches_pytorch(mask_kind):
    rng = np.random.default_rng(0)
    q, k, v = qkv(rng)
    mask = MASKS[mask_kind]
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    dout = rng.standard_normal(out.shape)
    grads = scaled_dot_product_attention_backward(dout, q, k, v, weights)

    tensors = [torch.from_numpy(a).requires_grad_() for a in (q, k, v)]
    mask_t = None if mask is None else torch.from_numpy(mask)
    out_t = torch.nn.functional.scaled_dot_product_attention(*tensors, attn_mask=mask_t)
    out_t.backward(torch.from_numpy(dout))

    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10)
    for ours, theirs in zip(grads, tensors, strict=True):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_attention_backward_matches_central_differences():
    rng = np.random.default_rng(1)
    q, k, v = qkv(rng)
    mask = KEEP
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    g = rng.standard_normal(out.shape)
    analytic = scaled_dot_product_attention_backward(g, q, k, v, weights)

    def loss():
        return float(np.sum(scaled_dot_product_attention(q, k, v, mask)[0] * g))

    for ours, array in zip(analytic, (q, k, v), strict=True):
        assert relative_error(ours, numerical_gradient(loss, array)) < 1e-8


def test_masked_keys_get_zero_weight_and_a_fully_masked_query_gets_nan():
    q, k, v = qkv(np.random.default_rng(2))
    mask = np.ones((TQ, TK), dtype=bool)
    mask[0, 1:] = False
    mask[2, :] = False
    with np.errstate(invalid="ignore"):  # -inf - (-inf) in the all-masked row
        _, weights = scaled_dot_product_attention(q, k, v, mask)
    np.testing.assert_array_equal(weights[..., 0, 1:], 0.0)
    np.testing.assert_allclose(weights[..., 0, 0], 1.0)
    assert np.isnan(weights[..., 2, :]).all()


def test_causal_self_attention_ignores_the_future():
    mha = MultiHeadAttention(8, 2, rng=0)
    x = np.random.default_rng(3).standard_normal((2, 4, 8))
    causal = np.tril(np.ones((4, 4), dtype=bool))
    before = mha.forward(x, mask=causal)
    x[:, -1] += 10.0  # change only the last position
    after = mha.forward(x, mask=causal)
    np.testing.assert_allclose(after[:, :-1], before[:, :-1], rtol=1e-12)
    assert not np.allclose(after[:, -1], before[:, -1])


def test_key_bias_gets_no_gradient():
    # Adding b to every key adds q·b to all of a query's scores, and softmax ignores a constant shift.
    mha = MultiHeadAttention(8, 2, rng=0)
    x = np.random.default_rng(4).standard_normal((2, 3, 8))
    mha.backward(np.random.default_rng(5).standard_normal(mha.forward(x).shape))
    np.testing.assert_allclose(mha.k_proj.bias.grad, 0.0, atol=1e-13)
    assert np.abs(mha.q_proj.bias.grad).max() > 1e-3


def test_positional_encoding_values():
    pe = sinusoidal_positional_encoding(50, 16)
    assert pe.shape == (50, 16) and np.abs(pe).max() <= 1.0
    np.testing.assert_array_equal(pe[0], np.tile([0.0, 1.0], 8))  # sin 0, cos 0
    p, i = 7, 3
    angle = p / 10000 ** (2 * i / 16)
    np.testing.assert_allclose(pe[p, 2 * i : 2 * i + 2], [np.sin(angle), np.cos(angle)])


def test_positional_encoding_of_a_shifted_position_is_a_rotation():
    # For each frequency ω, (sin ω(p+k), cos ω(p+k)) = R(ωk) (sin ωp, cos ωp): relative offsets are linear.
    dim, k = 8, 5
    pe = sinusoidal_positional_encoding(30, dim)
    omega = 10000.0 ** (-np.arange(0, dim, 2) / dim)
    sin_p, cos_p = pe[:-k, 0::2], pe[:-k, 1::2]
    c, s = np.cos(omega * k), np.sin(omega * k)
    np.testing.assert_allclose(pe[k:, 0::2], sin_p * c + cos_p * s, atol=1e-12)
    np.testing.assert_allclose(pe[k:, 1::2], cos_p * c - sin_p * s, atol=1e-12)


def test_positional_encoding_odd_dim_and_dtype():
    pe = sinusoidal_positional_encoding(4, 5, dtype=np.float32)
    assert pe.shape == (4, 5) and pe.dtype == np.float32
    np.testing.assert_allclose(pe[:, 4], np.sin(np.arange(4) / 10000 ** (4 / 5)), rtol=1e-6)
