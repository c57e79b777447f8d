import numpy as np


def gan_losses(real_logits: np.ndarray, fake_logits: np.ndarray) -> tuple[float, float]:
    """Discriminator loss and non-saturating generator loss, from discriminator logits.

    d_loss = mean(-log sigmoid(real)) + mean(-log(1 - sigmoid(fake)));  g_loss = mean(-log sigmoid(fake)).
    Returns (d_loss, g_loss) as Python floats; must stay finite for logits like +-1000.
    """
    raise NotImplementedError
