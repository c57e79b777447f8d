import numpy as np


def multi_head_attention(query: np.ndarray, key: np.ndarray, value: np.ndarray, Wq: np.ndarray,
                         Wk: np.ndarray, Wv: np.ndarray, Wo: np.ndarray, num_heads: int,
                         mask: np.ndarray | None = None) -> np.ndarray:
    """Multi-head attention without biases.

    query: (B, Lq, E); key, value: (B, Lk, E); Wq, Wk, Wv, Wo: (E, E), applied as x @ W.
    Head h uses columns h*dh:(h+1)*dh of the projections, dh = E // num_heads.
    mask: bool (Lq, Lk) or (B, Lq, Lk), True = may attend; shared by all heads.
    Returns (B, Lq, E), dtype of query.
    """
    raise NotImplementedError
