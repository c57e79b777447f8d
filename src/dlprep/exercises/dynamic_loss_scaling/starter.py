import numpy as np


def loss_scaled_sgd_step(params: list, scaled_grads: list, lr: float, scale: float, good_steps: int,
                         growth_interval: int = 2000, growth_factor: float = 2.0,
                         backoff_factor: float = 0.5) -> tuple[list, float, int, bool]:
    """One SGD step with dynamic loss scaling.

    params: list of float32 arrays; scaled_grads: list of float16 arrays (gradients of loss * scale).
    Any inf/nan: skip the step, scale *= backoff_factor, good_steps = 0. Otherwise unscale in float32,
    p -= lr * g / scale, good_steps += 1, and when good_steps reaches growth_interval:
    scale *= growth_factor and good_steps = 0.
    Returns (new_params, new_scale: float, new_good_steps: int, skipped: bool).
    """
    raise NotImplementedError
