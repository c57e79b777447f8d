import numpy as np


def squash(s: np.ndarray, axis: int = -1) -> np.ndarray:
    """Capsule squash along ``axis``: v = |s|^2 / (1 + |s|^2) * s / |s|; a zero vector maps to 0.

    Same shape and dtype as s; exact (no epsilon fudge) for tiny vectors, never nan.
    """
    raise NotImplementedError
