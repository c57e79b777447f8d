import numpy as np


def max_pool2d_forward_backward(
    x: np.ndarray, dout: np.ndarray, kernel_size: int, stride: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Max pooling (NCHW, square kernel, no padding) forward and backward.

    x: (N, C, H, W); dout: (N, C, H_out, W_out); stride defaults to kernel_size.
    H_out = (H - kernel_size) // stride + 1 (same for W).
    Returns ``(out, dx)``; on ties the first maximum (row-major) gets the gradient.
    """
    raise NotImplementedError
