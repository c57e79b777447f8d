import numpy as np


def loss_scaled_sgd_step(params: list, scaled_grads: list, lr: float, scale: float, good_steps: int,
                         growth_interval: int = 2000, growth_factor: float = 2.0,
                         backoff_factor: float = 0.5) -> tuple[list, float, int, bool]:
    found_inf = any(not np.all(np.isfinite(g)) for g in scaled_grads)  # inf or nan anywhere
    if found_inf:
        return [p.copy() for p in params], float(scale * backoff_factor), 0, True
    new_params = [p - (lr * (g.astype(p.dtype) / p.dtype.type(scale))).astype(p.dtype)
                  for p, g in zip(params, scaled_grads, strict=True)]
    good_steps += 1
    if good_steps == growth_interval:
        return new_params, float(scale * growth_factor), 0, False
    return new_params, float(scale), good_steps, False
