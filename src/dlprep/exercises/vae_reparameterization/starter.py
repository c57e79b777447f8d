import numpy as np


def reparameterize_and_kl(mu: np.ndarray, logvar: np.ndarray, eps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Reparameterised sample and KL(N(mu, exp(logvar)) || N(0, I)) per sample.

    mu, logvar, eps: (B, D). Returns (z (B, D), kl (B,)), dtype of mu.
    """
    raise NotImplementedError
