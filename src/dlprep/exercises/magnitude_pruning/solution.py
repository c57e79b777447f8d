import numpy as np


def _prune_flat(mags: np.ndarray, sparsity: float) -> np.ndarray:
    k = round(sparsity * mags.size)
    order = np.argsort(mags, kind="stable")  # equal magnitudes: the earlier position is pruned first
    keep = np.ones(mags.size, dtype=bool)
    keep[order[:k]] = False
    return keep


def magnitude_prune(weights: list, sparsity: float, scope: str = "global") -> list:
    if scope == "layer":
        return [_prune_flat(np.abs(w).ravel(), sparsity).reshape(w.shape) for w in weights]
    flat = np.concatenate([np.abs(w).ravel() for w in weights])
    keep = _prune_flat(flat, sparsity)
    masks, start = [], 0
    for w in weights:
        masks.append(keep[start:start + w.size].reshape(w.shape))
        start += w.size
    return masks
