import numpy as np


def scaled_dot_product_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray,
                                 mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """softmax(q k^T / sqrt(d) with masked scores set to -inf) @ v.

    q: (..., Lq, d); k: (..., Lk, d); v: (..., Lk, dv); mask: bool, broadcastable to (..., Lq, Lk),
    True = this query MAY attend to this key. A row with no True gets all-zero weights and output.
    Returns (output (..., Lq, dv), weights (..., Lq, Lk)), dtype of q.
    """
    raise NotImplementedError
