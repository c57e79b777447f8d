import numpy as np


def positional_encoding(max_len: int, d_model: int, base: float = 10000.0) -> np.ndarray:
    pos = np.arange(max_len, dtype=np.float64)[:, None]
    j = np.arange(d_model)
    inv_freq = base ** (-(2 * (j // 2)) / d_model)  # columns 2i and 2i+1 share one frequency
    angles = pos * inv_freq[None, :]
    return np.where(j % 2 == 0, np.sin(angles), np.cos(angles))
