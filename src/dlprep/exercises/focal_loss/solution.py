import numpy as np


def sigmoid_focal_loss(
    logits: np.ndarray, targets: np.ndarray, alpha: float | None = 0.25, gamma: float = 2.0
) -> tuple[float, np.ndarray]:
    x, t = logits, targets
    e = np.exp(-np.abs(x))
    p = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))  # stable sigmoid
    ce = np.maximum(x, 0) - x * t + np.log1p(e)  # stable BCE with logits
    one_minus_pt = p * (1 - t) + (1 - p) * t  # 1 - p_t
    a = 1.0 if alpha is None else alpha * t + (1 - alpha) * (1 - t)
    loss = a * one_minus_pt**gamma * ce
    # d ce / dx = p - t; d(1 - p_t)/dx = p (1 - p) (1 - 2t)
    dmod = gamma * one_minus_pt ** (gamma - 1) * p * (1 - p) * (1 - 2 * t) if gamma != 0 else 0.0
    grad = a * (one_minus_pt**gamma * (p - t) + dmod * ce) / x.size
    return float(loss.mean()), grad.astype(x.dtype, copy=False)
