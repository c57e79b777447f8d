import numpy as np


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)  # log(1 + e^x) without overflow


def gan_losses(real_logits: np.ndarray, fake_logits: np.ndarray) -> tuple[float, float]:
    # -log sigmoid(x) = softplus(-x);  -log(1 - sigmoid(x)) = softplus(x)
    d_loss = np.mean(_softplus(-real_logits)) + np.mean(_softplus(fake_logits))
    g_loss = np.mean(_softplus(-fake_logits))  # non-saturating: maximise log D(G(z))
    return float(d_loss), float(g_loss)
