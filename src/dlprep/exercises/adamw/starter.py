import numpy as np


def adamw_step(
    param: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One AdamW step (decoupled weight decay, as in ``torch.optim.AdamW``). ``t`` starts at 1.

    Returns ``(new_param, new_m, new_v)``; do not modify the inputs.
    """
    raise NotImplementedError
