import numpy as np


def clip_grad_norm(
    grads: list[np.ndarray], max_norm: float, norm_type: float = 2.0
) -> tuple[list[np.ndarray], float]:
    """Clip a list of gradients by their global norm, like ``torch.nn.utils.clip_grad_norm_``.

    Returns ``(clipped, total_norm)``: new arrays (same shapes and dtypes) and the norm before clipping.
    """
    raise NotImplementedError
