import numpy as np


def cross_entropy_with_logits(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    n = logits.shape[0]
    rows = np.arange(n)
    z = logits - logits.max(axis=1, keepdims=True)  # log-sum-exp trick
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -log_p[rows, y].mean()
    grad = np.exp(log_p)  # softmax
    grad[rows, y] -= 1.0
    return float(loss), grad / n
