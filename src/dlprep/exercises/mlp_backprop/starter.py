import numpy as np


def mlp_loss_and_grads(
    params: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """Two-layer MLP ``x -> ReLU(x @ W1 + b1) -> @ W2 + b2 -> softmax cross-entropy (mean)``.

    params: {"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}; x: (N, D); y: (N,) ints in [0, C).
    Returns ``(loss, grads)``: a Python float and a dict with the same keys and shapes as ``params``.
    """
    raise NotImplementedError
