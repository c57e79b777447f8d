import numpy as np


def sigmoid_stable(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(sigmoid(x), log(sigmoid(x)))``, both the shape and dtype of ``x``.

    Must stay finite and accurate for any |x| (e.g. 1000): no overflow, no log(0).
    """
    raise NotImplementedError
