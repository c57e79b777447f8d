import numpy as np


def reparameterize_and_kl(mu: np.ndarray, logvar: np.ndarray, eps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z = mu + np.exp(0.5 * logvar) * eps  # std = exp(logvar / 2), not exp(logvar)
    kl = -0.5 * np.sum(1.0 + logvar - mu ** 2 - np.exp(logvar), axis=-1)
    return z, kl
