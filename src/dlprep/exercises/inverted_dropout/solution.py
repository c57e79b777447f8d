import numpy as np


def dropout(x: np.ndarray, p: float, keep_mask: np.ndarray, training: bool = True) -> np.ndarray:
    if not training or p == 0.0:
        return x.copy()
    if p == 1.0:  # everything is dropped; 1 / (1 - p) would be a division by zero
        return np.zeros_like(x)
    return (x * keep_mask / (1.0 - p)).astype(x.dtype, copy=False)
