import numpy as np


def discounted_returns(rewards: np.ndarray, dones: np.ndarray, gamma: float,
                       bootstrap_value: float = 0.0) -> np.ndarray:
    out = np.zeros(rewards.shape, dtype=rewards.dtype)
    running = np.full(rewards.shape[1:], bootstrap_value, dtype=np.float64)
    for t in reversed(range(rewards.shape[0])):
        running = rewards[t] + gamma * running * (1.0 - dones[t])  # an episode ending at t cuts the sum
        out[t] = running
    return out
