import numpy as np


def nt_xent_loss(z: np.ndarray, temperature: float) -> float:
    """SimCLR's NT-Xent loss. z: (2N, d) embeddings; rows i and i + N are two views of one example.

    Cosine similarities divided by the temperature; each row's positive is its partner, every other
    row except itself is a negative; mean over all 2N rows. Returns a Python float.
    """
    raise NotImplementedError
