import numpy as np


def adam_step(
    param: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam step with bias correction. ``t`` is the number of this step: 1 for the first.

    ``weight_decay`` is a classic L2 term added to the gradient (as in ``torch.optim.Adam``).
    Returns ``(new_param, new_m, new_v)``; do not modify the inputs.
    """
    raise NotImplementedError
