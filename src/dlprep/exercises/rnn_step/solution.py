import numpy as np


def rnn_step(x: np.ndarray, h_prev: np.ndarray, Wxh: np.ndarray, Whh: np.ndarray, b: np.ndarray) -> np.ndarray:
    # np.tanh saturates to +-1 instead of overflowing like (e^a - e^-a) / (e^a + e^-a)
    return np.tanh(x @ Wxh + h_prev @ Whh + b)
