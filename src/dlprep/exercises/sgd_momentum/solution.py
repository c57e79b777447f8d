import numpy as np


def sgd_momentum_step(
    param: np.ndarray,
    grad: np.ndarray,
    velocity: np.ndarray,
    lr: float,
    momentum: float = 0.9,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    g = grad + weight_decay * param
    new_velocity = momentum * velocity + g
    return param - lr * new_velocity, new_velocity
