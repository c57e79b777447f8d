import numpy as np


def dense_forward_backward(
    x: np.ndarray, W: np.ndarray, b: np.ndarray, dout: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Forward ``out = x @ W + b`` and backward given ``dout = dL/dout``.

    x: (N, D), W: (D, M), b: (M,), dout: (N, M).
    Returns ``(out, dx, dW, db)`` with shapes (N, M), (N, D), (D, M), (M,).
    """
    raise NotImplementedError
