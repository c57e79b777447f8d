"""Activations with their derivatives, softmax, and the im2col trick, as pure NumPy functions.

Each elementwise activation ``f`` has ``f_grad(x) = f'(x)``, so a layer's backward pass is
``dx = dout * f_grad(x)``. Softmax couples a whole axis, so it comes with a vector-Jacobian product:

    y = softmax(x)       y_i = exp(x_i) / Σ_j exp(x_j)       dx = y ⊙ (dy − Σ_j dy_j y_j)
    z = log_softmax(x)   z_i = x_i − log Σ_j exp(x_j)        dx = dz − softmax(x) Σ_j dz_j

im2col turns a convolution into one matrix product over kernel taps k = (c, i, j):

    cols[n, (c, i, j), oh, ow] = x_pad[n, c, oh·s + i·d, ow·s + j·d]      (s stride, d dilation)
    out[n, f, oh, ow] = Σ_k W[f, k] · cols[n, k, oh, ow]

and col2im, its adjoint, adds column gradients back where they were read from (overlapping taps sum).
"""

from __future__ import annotations

import math

import numpy as np

from dlprep.nn._checks import pair

SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
GELU_TANH_COEF = 0.044715

# NumPy has no erf. math.erf is exact to double precision; frompyfunc applies it elementwise at about
# 0.1 µs per element, which is fine for a teaching library (use gelu(x, approximate="tanh") for speed).
_erf_elementwise = np.frompyfunc(math.erf, 1, 1)


def erf(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    return np.asarray(_erf_elementwise(x), dtype=np.result_type(x, np.float32))  # float32 stays float32


def sigmoid(x: np.ndarray) -> np.ndarray:
    # exp(-|x|) lies in (0, 1], so neither branch overflows for large |x|.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x: np.ndarray) -> np.ndarray:
    return np.tanh(x)


def tanh_grad(x: np.ndarray) -> np.ndarray:
    return 1 - np.tanh(x) ** 2


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0)


def relu_grad(x: np.ndarray) -> np.ndarray:
    # The kink at 0 gets derivative 0, as in PyTorch.
    return (x > 0).astype(x.dtype)


def leaky_relu(x: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    return np.where(x > 0, x, negative_slope * x)


def leaky_relu_grad(x: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    return np.where(x > 0, 1, negative_slope).astype(x.dtype)


def elu(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    # min(x, 0) keeps exp from overflowing in the branch np.where throws away.
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


def elu_grad(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    return np.where(x > 0, 1, alpha * np.exp(np.minimum(x, 0))).astype(x.dtype)


def gelu(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    """GELU(x) = x Φ(x) with Φ the standard normal CDF; ``approximate="tanh"`` is GPT-2's formula."""
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(SQRT_2_OVER_PI * (x + GELU_TANH_COEF * x**3)))
    _check_gelu_mode(approximate)
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


def gelu_grad(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    if approximate == "tanh":
        t = np.tanh(SQRT_2_OVER_PI * (x + GELU_TANH_COEF * x**3))
        return 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * SQRT_2_OVER_PI * (1 + 3 * GELU_TANH_COEF * x**2)
    _check_gelu_mode(approximate)
    cdf = 0.5 * (1 + erf(x / math.sqrt(2)))
    pdf = np.exp(-0.5 * x**2) / math.sqrt(2 * math.pi)
    return cdf + x * pdf


def _check_gelu_mode(approximate: str) -> None:
    if approximate != "none":
        raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    # Subtracting the max leaves the result unchanged and keeps exp from overflowing.
    z = np.exp(x - x.max(axis=axis, keepdims=True))
    return z / z.sum(axis=axis, keepdims=True)


def softmax_backward(dy: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    """dL/dx from dL/dy and y = softmax(x) (the Jacobian diag(y) − y yᵀ applied to dy)."""
    return y * (dy - (dy * y).sum(axis=axis, keepdims=True))


def log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def log_softmax_backward(dz: np.ndarray, z: np.ndarray, axis: int = -1) -> np.ndarray:
    """dL/dx from dL/dz and z = log_softmax(x)."""
    return dz - np.exp(z) * dz.sum(axis=axis, keepdims=True)


def conv_output_size(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def im2col(x, kernel_size, stride=1, padding=0, dilation=1, pad_value: float = 0.0) -> np.ndarray:
    """Every kernel tap of every output pixel: (N, C, H, W) -> (N, C, KH, KW, OH, OW).

    One strided slice per kernel offset (i, j), so KH·KW slices and no loop over pixels.
    ``pad_value`` fills the border (0 for convolution, -inf for max pooling).
    """
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = _conv_geometry(kernel_size, stride, padding, dilation)
    n, c, h, w = x.shape
    oh, ow = _output_hw(h, w, kh, kw, sh, sw, ph, pw, dh, dw)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=pad_value)
    cols = np.empty((n, c, kh, kw, oh, ow), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            top, left = i * dh, j * dw
            cols[:, :, i, j] = xp[:, :, top : top + sh * oh : sh, left : left + sw * ow : sw]
    return cols


def col2im(cols: np.ndarray, x_shape, kernel_size, stride=1, padding=0, dilation=1) -> np.ndarray:
    """Adjoint of im2col: (N, C, KH, KW, OH, OW) -> (N, C, H, W), summing taps that read one pixel."""
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = _conv_geometry(kernel_size, stride, padding, dilation)
    n, c, h, w = x_shape
    oh, ow = _output_hw(h, w, kh, kw, sh, sw, ph, pw, dh, dw)
    if cols.shape != (n, c, kh, kw, oh, ow):
        raise ValueError(f"cols must have shape {(n, c, kh, kw, oh, ow)}, got {cols.shape}")
    xp = np.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=cols.dtype)
    for i in range(kh):
        for j in range(kw):
            top, left = i * dh, j * dw
            # One slice touches distinct pixels, so += is safe; different (i, j) overlap and add up.
            xp[:, :, top : top + sh * oh : sh, left : left + sw * ow : sw] += cols[:, :, i, j]
    return xp[:, :, ph : ph + h, pw : pw + w]


def _conv_geometry(kernel_size, stride, padding, dilation):
    return (
        pair(kernel_size, "kernel_size"),
        pair(stride, "stride"),
        pair(padding, "padding", minimum=0),
        pair(dilation, "dilation"),
    )


def _output_hw(h, w, kh, kw, sh, sw, ph, pw, dh, dw) -> tuple[int, int]:
    reach_h, reach_w = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    if reach_h > h + 2 * ph or reach_w > w + 2 * pw:
        raise ValueError(
            f"kernel reaching {reach_h}x{reach_w} (kernel {kh}x{kw}, dilation {dh}x{dw}) is larger than "
            f"the padded input {h + 2 * ph}x{w + 2 * pw}"
        )
    return conv_output_size(h, kh, sh, ph, dh), conv_output_size(w, kw, sw, pw, dw)
