import numpy as np


def clip_grad_norm(
    grads: list[np.ndarray], max_norm: float, norm_type: float = 2.0
) -> tuple[list[np.ndarray], float]:
    if norm_type == np.inf:
        total = max((float(np.abs(g).max()) if g.size else 0.0) for g in grads)
    else:
        total = sum(float(np.sum(np.abs(g.astype(np.float64)) ** norm_type)) for g in grads) ** (1.0 / norm_type)
    coef = min(max_norm / (total + 1e-6), 1.0)  # the 1e-6 is PyTorch's; 0-norm grads stay 0, no nan
    return [g * coef for g in grads], total
