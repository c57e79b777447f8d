import numpy as np


def rmsprop_step(
    param: np.ndarray,
    grad: np.ndarray,
    square_avg: np.ndarray,
    lr: float = 0.01,
    alpha: float = 0.99,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """One RMSprop step (PyTorch's, no momentum, not centred).

    ``square_avg`` is the running average of squared gradients.
    Returns ``(new_param, new_square_avg)``; do not modify the inputs.
    """
    raise NotImplementedError
