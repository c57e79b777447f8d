import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def max_pool2d_forward_backward(
    x: np.ndarray, dout: np.ndarray, kernel_size: int, stride: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    k = kernel_size
    s = k if stride is None else stride
    n, c, h, w = x.shape
    ho, wo = (h - k) // s + 1, (w - k) // s + 1
    windows = sliding_window_view(x, (k, k), axis=(2, 3))[:, :, ::s, ::s][:, :, :ho, :wo]
    flat = windows.reshape(n, c, ho, wo, k * k)
    arg = flat.argmax(axis=-1)  # first maximum in row-major order, like PyTorch
    out = np.take_along_axis(flat, arg[..., None], axis=-1)[..., 0]
    rows = np.arange(ho)[:, None] * s + arg // k  # (n, c, ho, wo) input coordinates of each maximum
    cols = np.arange(wo)[None, :] * s + arg % k
    dx = np.zeros_like(x)
    nn, cc = np.meshgrid(np.arange(n), np.arange(c), indexing="ij")
    np.add.at(dx, (nn[:, :, None, None], cc[:, :, None, None], rows, cols), dout)  # overlaps add up
    return out, dx
