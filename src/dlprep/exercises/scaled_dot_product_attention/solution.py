import numpy as np


def scaled_dot_product_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray,
                                 mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    d = q.shape[-1]
    scores = (q @ np.swapaxes(k, -1, -2)) / np.sqrt(d).astype(q.dtype)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)  # True = may attend
    m = scores.max(axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)  # fully masked row: every score is -inf
    e = np.exp(scores - m)  # exp(-inf) = 0
    s = e.sum(axis=-1, keepdims=True)
    weights = (e / np.where(s > 0, s, 1.0)).astype(q.dtype)  # a fully masked row stays all zeros
    return weights @ v, weights
