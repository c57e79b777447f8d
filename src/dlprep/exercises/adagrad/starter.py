import numpy as np


def adagrad_step(
    param: np.ndarray,
    grad: np.ndarray,
    sum_sq: np.ndarray,
    lr: float = 0.01,
    eps: float = 1e-10,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """One Adagrad step (PyTorch's, no lr decay). ``sum_sq`` is the sum of past squared gradients.

    Returns ``(new_param, new_sum_sq)``; do not modify the inputs.
    """
    raise NotImplementedError
