import numpy as np


def batchnorm_backward(
    dout: np.ndarray, x: np.ndarray, gamma: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward of training-mode batch norm ``out = gamma * (x - mean) / sqrt(var + eps) + beta``.

    dout, x: (N, D); gamma: (D,). mean and (biased) var are over the batch axis.
    Returns ``(dx, dgamma, dbeta)`` with shapes (N, D), (D,), (D,).
    """
    raise NotImplementedError
