import numpy as np


def stratified_kfold(y: np.ndarray, k: int) -> list[np.ndarray]:
    # Sort the samples by class, then deal them out round-robin: every class is spread as evenly as
    # possible, and because the dealing never restarts, fold sizes differ by at most one as well.
    order = np.argsort(y, kind="stable")
    fold_of = np.empty(len(y), dtype=np.int64)
    fold_of[order] = np.arange(len(y)) % k
    return [np.flatnonzero(fold_of == j) for j in range(k)]
