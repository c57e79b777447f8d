import numpy as np


def rnn_step(x: np.ndarray, h_prev: np.ndarray, Wxh: np.ndarray, Whh: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One step of a vanilla (Elman) RNN: h = tanh(x @ Wxh + h_prev @ Whh + b).

    x: (B, D); h_prev: (B, H); Wxh: (D, H); Whh: (H, H); b: (H,). Returns h: (B, H), dtype of x.
    """
    raise NotImplementedError
