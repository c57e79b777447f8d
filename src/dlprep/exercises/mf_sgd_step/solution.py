import numpy as np


def mf_sgd_step(P: np.ndarray, Q: np.ndarray, u: int, i: int, r: float, lr: float,
                reg: float) -> tuple[np.ndarray, np.ndarray]:
    P, Q = P.copy(), Q.copy()  # pure: the inputs stay untouched
    p, q = P[u].copy(), Q[i].copy()  # both updates use the old vectors
    err = r - p @ q
    P[u] = p + lr * (err * q - reg * p)
    Q[i] = q + lr * (err * p - reg * q)
    return P, Q
