import numpy as np


def l2_penalty(
    params: dict[str, np.ndarray], grads: dict[str, np.ndarray], weight_decay: float, exclude: list[str] = ()
) -> tuple[float, dict[str, np.ndarray]]:
    """L2 penalty ``weight_decay / 2 * sum ||w||^2`` over the parameters not in ``exclude``,
    and the data gradients with the penalty's gradient added.

    Returns ``(penalty, new_grads)``: a Python float and a new dict with the same keys as ``grads``.
    """
    raise NotImplementedError
