import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])


def activation(x: np.ndarray, name: str, alpha: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    if name == "sigmoid":
        e = np.exp(-np.abs(x))
        y = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        dy = y * (1.0 - y)
    elif name == "tanh":
        y = np.tanh(x)
        dy = 1.0 - y * y
    elif name == "relu":
        y = np.maximum(x, 0)
        dy = (x > 0).astype(x.dtype)
    elif name == "leaky_relu":
        y = np.where(x > 0, x, alpha * x)
        dy = np.where(x > 0, 1.0, alpha)
    elif name == "gelu":
        xf = x.astype(np.float64)
        cdf = 0.5 * (1.0 + _erf(xf / math.sqrt(2.0)))
        pdf = np.exp(-0.5 * xf * xf) / math.sqrt(2.0 * math.pi)
        y, dy = xf * cdf, cdf + xf * pdf
    else:
        raise ValueError(f"unknown activation {name!r}")
    return y.astype(x.dtype, copy=False), dy.astype(x.dtype, copy=False)
