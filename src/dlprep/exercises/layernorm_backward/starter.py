import numpy as np


def layer_norm_backward(
    dout: np.ndarray, x: np.ndarray, gamma: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward of ``out = gamma * (x - mean) / sqrt(var + eps) + beta`` over the last axis.

    dout, x: (..., D); gamma: (D,).
    Returns ``(dx, dgamma, dbeta)`` with shapes x.shape, (D,), (D,).
    """
    raise NotImplementedError
