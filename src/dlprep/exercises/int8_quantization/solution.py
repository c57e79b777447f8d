import numpy as np

QMIN, QMAX = -128, 127


def quantize_int8(x: np.ndarray) -> tuple[np.ndarray, float, int, np.ndarray]:
    x64 = x.astype(np.float64)
    lo = min(float(x64.min()), 0.0)  # the range must contain 0 so that 0 is exact
    hi = max(float(x64.max()), 0.0)
    scale = (hi - lo) / (QMAX - QMIN)
    if scale == 0.0:
        scale = 1.0
    zero_point = int(np.clip(QMIN - np.round(lo / scale), QMIN, QMAX))
    q = np.clip(np.round(x64 / scale) + zero_point, QMIN, QMAX).astype(np.int8)
    x_hat = ((q.astype(np.float64) - zero_point) * scale).astype(x.dtype)
    return q, float(scale), zero_point, x_hat
