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
    g = grad + weight_decay * param
    new_avg = alpha * square_avg + (1 - alpha) * g * g
    return param - lr * g / (np.sqrt(new_avg) + eps), new_avg
