import numpy as np


def nesterov_step(
    param: np.ndarray,
    grad: np.ndarray,
    velocity: np.ndarray,
    lr: float,
    momentum: float = 0.9,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    g = grad + weight_decay * param
    new_velocity = momentum * velocity + g
    step = g + momentum * new_velocity  # PyTorch's Nesterov: look ahead along the new velocity
    return param - lr * step, new_velocity
