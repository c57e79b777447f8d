import numpy as np


def adam_step(
    param: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    g = grad + weight_decay * param  # coupled L2: the decay goes through the moments
    new_m = beta1 * m + (1 - beta1) * g
    new_v = beta2 * v + (1 - beta2) * g * g
    m_hat = new_m / (1 - beta1**t)  # t counts from 1
    v_hat = new_v / (1 - beta2**t)
    return param - lr * m_hat / (np.sqrt(v_hat) + eps), new_m, new_v
