import numpy as np


def nesterov_step(
    param: np.ndarray,
    grad: np.ndarray,
    velocity: np.ndarray,
    lr: float,
    momentum: float = 0.9,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """One step of SGD with Nesterov momentum, PyTorch's formulation (``SGD(nesterov=True)``).

    Returns ``(new_param, new_velocity)``; do not modify the inputs.
    """
    raise NotImplementedError
