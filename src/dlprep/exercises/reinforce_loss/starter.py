import numpy as np


def reinforce_loss(log_probs: np.ndarray, returns: np.ndarray, baseline=None, normalize: bool = False) -> float:
    """REINFORCE surrogate loss to minimise: -mean(log_probs * advantages).

    log_probs, returns: (T,); baseline: None, a float, or a (T,) array; advantages = returns - baseline,
    then, if normalize, (A - mean(A)) / (std(A) + 1e-8) with the population std. Returns a Python float.
    """
    raise NotImplementedError
