import numpy as np


def batchnorm_forward(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    training: bool,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Batch normalisation forward, PyTorch conventions.

    x: (N, D) or (N, C, H, W); gamma, beta, running_mean, running_var: (D,) or (C,).
    Returns ``(out, new_running_mean, new_running_var)``; do not modify the inputs.
    """
    raise NotImplementedError
