import numpy as np


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    shifted = z - z.max(axis=axis, keepdims=True)  # exp never overflows: the largest term is e^0
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)
