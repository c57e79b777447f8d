import numpy as np


def conv2d_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    """2-D convolution (cross-correlation, like PyTorch) in NCHW layout.

    x: (N, C, H, W); w: (F, C, KH, KW); b: (F,); zero padding on all four sides.
    Returns (N, F, H_out, W_out) with H_out = (H + 2*padding - KH) // stride + 1 (same for W).
    """
    raise NotImplementedError
