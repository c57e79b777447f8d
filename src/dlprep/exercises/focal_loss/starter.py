import numpy as np


def sigmoid_focal_loss(
    logits: np.ndarray, targets: np.ndarray, alpha: float | None = 0.25, gamma: float = 2.0
) -> tuple[float, np.ndarray]:
    """Binary focal loss on logits (RetinaNet), averaged over all elements, and its gradient.

    logits, targets: same shape; targets in {0, 1}. ``alpha=None`` means no alpha weighting.
    Returns ``(loss, dlogits)``: a Python float and an array with the shape and dtype of ``logits``.
    """
    raise NotImplementedError
