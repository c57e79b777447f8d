import numpy as np


def adagrad_step(
    param: np.ndarray,
    grad: np.ndarray,
    sum_sq: np.ndarray,
    lr: float = 0.01,
    eps: float = 1e-10,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    g = grad + weight_decay * param
    new_sum_sq = sum_sq + g * g
    return param - lr * g / (np.sqrt(new_sum_sq) + eps), new_sum_sq
