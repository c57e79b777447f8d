import numpy as np


def quantize_int8(x: np.ndarray) -> tuple[np.ndarray, float, int, np.ndarray]:
    """Asymmetric (affine) per-tensor quantisation to signed int8, [-128, 127].

    Returns (q int8 array shaped like x, scale: float, zero_point: int, x_hat = (q - zero_point) * scale
    with the dtype of x).
    """
    raise NotImplementedError
