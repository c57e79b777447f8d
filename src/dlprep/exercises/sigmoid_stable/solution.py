import numpy as np


def sigmoid_stable(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows, whatever the sign of x
    s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    log_s = np.minimum(x, 0) - np.log1p(e)  # log sigma(x) = min(x, 0) - log(1 + e^{-|x|})
    return s.astype(x.dtype, copy=False), log_s.astype(x.dtype, copy=False)
