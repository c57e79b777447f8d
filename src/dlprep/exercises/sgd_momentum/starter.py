import numpy as np


def sgd_momentum_step(
    param: np.ndarray,
    grad: np.ndarray,
    velocity: np.ndarray,
    lr: float,
    momentum: float = 0.9,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """One step of SGD with momentum, PyTorch's formulation (dampening 0).

    Returns ``(new_param, new_velocity)``; do not modify the inputs.
    """
    raise NotImplementedError
