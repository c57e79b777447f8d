import numpy as np


def squash(s: np.ndarray, axis: int = -1) -> np.ndarray:
    n = np.sqrt(np.sum(s * s, axis=axis, keepdims=True))
    # |s|^2 / (1 + |s|^2) * s / |s|  ==  s * |s| / (1 + |s|^2): no division by |s|, exact at 0
    return s * (n / (1.0 + n * n))
