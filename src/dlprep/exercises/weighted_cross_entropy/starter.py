import numpy as np


def weighted_cross_entropy(
    logits: np.ndarray, y: np.ndarray, class_weights: np.ndarray
) -> tuple[float, np.ndarray]:
    """Class-weighted softmax cross-entropy, PyTorch's weighted mean, and its gradient w.r.t. the logits.

    logits: (N, C); y: (N,) ints in [0, C); class_weights: (C,) positive.
    Returns ``(loss, dlogits)``: a Python float and an (N, C) array with the dtype of ``logits``.
    """
    raise NotImplementedError
