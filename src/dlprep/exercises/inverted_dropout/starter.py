import numpy as np


def dropout(x: np.ndarray, p: float, keep_mask: np.ndarray, training: bool = True) -> np.ndarray:
    """Inverted dropout.

    p: the probability of dropping a unit; keep_mask: bool array shaped like ``x``, True = keep.
    Training: kept units are scaled by 1 / (1 - p), dropped ones are 0. Eval: the identity.
    Returns a new array with the shape and dtype of ``x``.
    """
    raise NotImplementedError
