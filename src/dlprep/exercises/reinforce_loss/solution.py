import numpy as np


def reinforce_loss(log_probs: np.ndarray, returns: np.ndarray, baseline=None, normalize: bool = False) -> float:
    adv = returns - (0.0 if baseline is None else baseline)
    if normalize:
        adv = (adv - adv.mean()) / (adv.std() + 1e-8)
    return float(-np.mean(log_probs * adv))  # minimise -E[log pi(a|s) * A]
