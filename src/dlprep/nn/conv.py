"""2-D convolution and pooling on (N, C, H, W) arrays, built on im2col.

Convolution (cross-correlation, as in every framework) with G groups: each group sees C/G input channels
and makes F/G output channels. With cols = im2col(x) as (N, G, K, L), K = C/G·KH·KW taps, L = OH·OW
pixels, and the weight as (G, F/G, K), every group is one matrix product:

    out_g = W_g · cols_g + b,   dW_g = Σ_n dout_g · cols_gᵀ,   dcols_g = W_gᵀ · dout_g,   dx = col2im(dcols)

Output size per spatial axis: O = ⌊(I + 2p − d(k − 1) − 1) / s⌋ + 1.
Max pooling sends each output's gradient to the input that won its window; average pooling spreads it
evenly over the window (padding counts as zeros in the average, PyTorch's count_include_pad=True).
"""

from __future__ import annotations

import numpy as np

from dlprep.nn._checks import check_input, check_size, float_dtype, pair, positive_int
from dlprep.nn.functional import col2im, im2col
from dlprep.nn.init import initialize
from dlprep.nn.module import Module, Parameter


class Conv2d(Module):
    """(N, C, H, W) -> (N, F, OH, OW); weight (F, C/groups, KH, KW), bias (F,).

    ``init`` defaults to He uniform, for the ReLU that usually follows a convolution.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, init: str = "he_uniform", rng=None, dtype=np.float64):
        self.in_channels = positive_int(in_channels, "in_channels")
        self.out_channels = positive_int(out_channels, "out_channels")
        self.groups = positive_int(groups, "groups")
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"groups={groups} must divide in_channels={in_channels} and "
                             f"out_channels={out_channels}")
        self.kernel_size = pair(kernel_size, "kernel_size")
        self.stride = pair(stride, "stride")
        self.padding = pair(padding, "padding", minimum=0)
        self.dilation = pair(dilation, "dilation")
        dtype = float_dtype(dtype)
        shape = (out_channels, in_channels // groups, *self.kernel_size)
        self.weight = Parameter(initialize(init, shape, rng, dtype))  # (F, C/G, KH, KW)
        self.bias = Parameter(np.zeros(out_channels, dtype=dtype)) if bias else None

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        check_input(x, "Conv2d", "(N, C, H, W)", (4,))
        check_size(x.shape[1], self.in_channels, "Conv2d", "input channels C")
        cols = im2col(x, self.kernel_size, self.stride, self.padding, self.dilation)  # (N, C, KH, KW, OH, OW)
        n, _, _, _, oh, ow = cols.shape
        self._x_shape = x.shape
        self._cols = cols.reshape(n, self.groups, -1, oh * ow)  # (N, G, K, L), a view: no copy
        out = self._grouped_weight() @ self._cols  # (G, F/G, K) @ (N, G, K, L) -> (N, G, F/G, L)
        out = out.reshape(n, self.out_channels, oh, ow)
        if self.bias is not None:
            out += self.bias.data[:, None, None]  # in place: out is a fresh array
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        n, _, oh, ow = dout.shape
        dout_g = dout.reshape(n, self.groups, -1, oh * ow)  # (N, G, F/G, L)
        if self.bias is not None:
            self.bias.grad += dout.sum(axis=(0, 2, 3))
        dweight = (dout_g @ self._cols.swapaxes(-1, -2)).sum(axis=0)  # (G, F/G, K)
        self.weight.grad += dweight.reshape(self.weight.data.shape)
        dcols = self._grouped_weight().swapaxes(-1, -2) @ dout_g  # (N, G, K, L)
        dcols = dcols.reshape(n, self.in_channels, *self.kernel_size, oh, ow)
        return col2im(dcols, self._x_shape, self.kernel_size, self.stride, self.padding, self.dilation)

    def _grouped_weight(self) -> np.ndarray:
        return self.weight.data.reshape(self.groups, self.out_channels // self.groups, -1)  # (G, F/G, K)


class _Pool2d(Module):
    """Window geometry shared by the pools; ``stride`` defaults to the kernel size (no overlap)."""

    def __init__(self, kernel_size, stride=None, padding=0):
        self.kernel_size = pair(kernel_size, "kernel_size")
        self.stride = pair(self.kernel_size if stride is None else stride, "stride")
        self.padding = pair(padding, "padding", minimum=0)
        # Larger padding could make a window lie entirely in the border; PyTorch forbids it too.
        if any(p > k // 2 for p, k in zip(self.padding, self.kernel_size, strict=True)):
            raise ValueError(f"padding {self.padding} must be at most half of kernel_size {self.kernel_size}")
        self._window_size = self.kernel_size[0] * self.kernel_size[1]

    def _windows(self, x: np.ndarray, pad_value: float) -> np.ndarray:
        check_input(x, type(self).__name__, "(N, C, H, W)", (4,))
        self._x_shape = x.shape
        cols = im2col(x, self.kernel_size, self.stride, self.padding, pad_value=pad_value)
        n, c, kh, kw, oh, ow = cols.shape
        return cols.reshape(n, c, kh * kw, oh, ow)  # (N, C, KH·KW, OH, OW)

    def _to_image(self, dwindows: np.ndarray) -> np.ndarray:
        n, c, _, oh, ow = dwindows.shape
        dcols = dwindows.reshape(n, c, *self.kernel_size, oh, ow)
        return col2im(dcols, self._x_shape, self.kernel_size, self.stride, self.padding)


class MaxPool2d(_Pool2d):
    """Max over each window; padding is -inf so it never wins. Ties send the gradient to the first max."""

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        windows = self._windows(x, pad_value=-np.inf)
        self._argmax = windows.argmax(axis=2)[:, :, None]  # (N, C, 1, OH, OW)
        return np.take_along_axis(windows, self._argmax, axis=2)[:, :, 0]

    def backward(self, dout: np.ndarray) -> np.ndarray:
        n, c, oh, ow = dout.shape
        dwindows = np.zeros((n, c, self._window_size, oh, ow), dtype=dout.dtype)
        np.put_along_axis(dwindows, self._argmax, dout[:, :, None], axis=2)
        return self._to_image(dwindows)


class AvgPool2d(_Pool2d):
    """Mean over each window (zero padding included in the count)."""

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        return self._windows(x, pad_value=0.0).mean(axis=2)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        n, c, oh, ow = dout.shape
        share = dout[:, :, None] / self._window_size  # (N, C, 1, OH, OW)
        # A broadcast view: col2im only reads it, so the (N, C, KH·KW, OH, OW) array is never stored.
        return self._to_image(np.broadcast_to(share, (n, c, self._window_size, oh, ow)))
