import numpy as np


def magnitude_prune(weights: list, sparsity: float, scope: str = "global") -> list:
    """Unstructured magnitude pruning. weights: list of float arrays; sparsity in [0, 1];
    scope "global" (one ranking over all layers) or "layer" (each layer on its own).

    Prune k = round(sparsity * n) weights with the smallest |w| (ties: the earlier position in the
    flattened order, layers in list order). Returns a list of bool masks (True = keep), one per layer.
    """
    raise NotImplementedError
