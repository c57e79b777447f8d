import numpy as np


def weighted_cross_entropy(
    logits: np.ndarray, y: np.ndarray, class_weights: np.ndarray
) -> tuple[float, np.ndarray]:
    rows = np.arange(logits.shape[0])
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    w = class_weights[y]  # weight of each sample's true class
    total = w.sum()
    loss = -(w * log_p[rows, y]).sum() / total  # PyTorch: divide by the sum of weights, not by N
    grad = np.exp(log_p)
    grad[rows, y] -= 1.0
    return float(loss), (grad * (w / total)[:, None]).astype(logits.dtype, copy=False)
