import numpy as np


def mf_sgd_step(P: np.ndarray, Q: np.ndarray, u: int, i: int, r: float, lr: float,
                reg: float) -> tuple[np.ndarray, np.ndarray]:
    """One SGD step of matrix factorisation on the rating (u, i, r), for the loss
    0.5 * (r - P[u] . Q[i])^2 + 0.5 * reg * (|P[u]|^2 + |Q[i]|^2).

    P: (n_users, k); Q: (n_items, k). Returns new (P, Q); the inputs are left unchanged.
    """
    raise NotImplementedError
