import numpy as np


def stratified_kfold(y: np.ndarray, k: int) -> list[np.ndarray]:
    """Split the indices 0..n-1 into ``k`` stratified test folds.

    Returns a list of ``k`` 1-d integer arrays that partition range(n); every class is spread as
    evenly as possible over the folds, and fold sizes differ by at most 1.
    """
    raise NotImplementedError
