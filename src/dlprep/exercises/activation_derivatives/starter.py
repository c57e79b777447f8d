import math  # noqa: F401  (math.erf is allowed for GELU)

import numpy as np


def activation(x: np.ndarray, name: str, alpha: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(y, dy_dx)`` elementwise for ``name`` in
    {"sigmoid", "tanh", "relu", "leaky_relu", "gelu"}; both the shape and dtype of ``x``.

    ``alpha`` is the negative slope of leaky_relu. GELU is the exact one: x * Phi(x).
    At x == 0: relu'(0) = 0 and leaky_relu'(0) = alpha.
    """
    raise NotImplementedError
