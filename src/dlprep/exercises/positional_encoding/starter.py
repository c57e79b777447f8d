import numpy as np


def positional_encoding(max_len: int, d_model: int, base: float = 10000.0) -> np.ndarray:
    """Sinusoidal position encodings: PE[pos, 2i] = sin(pos / base^(2i/d_model)),
    PE[pos, 2i+1] = cos(pos / base^(2i/d_model)). Returns a float64 array (max_len, d_model).
    """
    raise NotImplementedError
