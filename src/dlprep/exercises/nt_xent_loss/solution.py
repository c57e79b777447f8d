import numpy as np


def nt_xent_loss(z: np.ndarray, temperature: float) -> float:
    two_n = z.shape[0]
    n = two_n // 2
    zn = z / np.linalg.norm(z, axis=1, keepdims=True)
    sim = (zn @ zn.T) / temperature
    np.fill_diagonal(sim, -np.inf)  # a view is never its own negative
    pos = (np.arange(two_n) + n) % two_n  # row i pairs with row i + N (and i + N with i)
    m = sim.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(sim - m).sum(axis=1))
    return float(np.mean(lse - sim[np.arange(two_n), pos]))
