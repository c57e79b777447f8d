import numpy as np


def l2_penalty(
    params: dict[str, np.ndarray], grads: dict[str, np.ndarray], weight_decay: float, exclude: list[str] = ()
) -> tuple[float, dict[str, np.ndarray]]:
    penalty = 0.0
    new_grads = {}
    for name, w in params.items():
        if name in exclude:
            new_grads[name] = grads[name].copy()
            continue
        penalty += 0.5 * weight_decay * float(np.sum(w.astype(np.float64) ** 2))
        new_grads[name] = grads[name] + weight_decay * w
    return penalty, new_grads
