import numpy as np


def conv2d_backward(
    dout: np.ndarray, x: np.ndarray, w: np.ndarray, stride: int = 1, padding: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of a 2-D convolution (NCHW, zero padding) given ``dout = dL/dout``.

    dout: (N, F, H_out, W_out); x: (N, C, H, W); w: (F, C, KH, KW).
    Returns ``(dx, dw, db)`` with shapes (N, C, H, W), (F, C, KH, KW), (F,).
    """
    raise NotImplementedError
