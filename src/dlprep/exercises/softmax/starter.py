import numpy as np


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax of ``z`` along ``axis``; same shape and dtype as ``z``; stable for large inputs."""
    raise NotImplementedError
