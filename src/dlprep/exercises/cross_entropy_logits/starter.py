import numpy as np


def cross_entropy_with_logits(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy over the batch and its gradient w.r.t. the logits.

    logits: (N, C) floats; y: (N,) integer class indices in [0, C).
    Returns ``(loss, dlogits)``: a Python float and an (N, C) array with the dtype of ``logits``.
    """
    raise NotImplementedError
