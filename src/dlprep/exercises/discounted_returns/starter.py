import numpy as np


def discounted_returns(rewards: np.ndarray, dones: np.ndarray, gamma: float,
                       bootstrap_value: float = 0.0) -> np.ndarray:
    """Reward-to-go G_t = r_t + gamma * (1 - done_t) * G_{t+1}, with G_T = bootstrap_value.

    rewards: (T,) or (T, E) floats; dones: bool, same shape (done_t: the episode ends after step t).
    Returns an array shaped and typed like rewards.
    """
    raise NotImplementedError
