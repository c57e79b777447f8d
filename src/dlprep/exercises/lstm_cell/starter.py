import numpy as np


def lstm_cell(x: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray, W: np.ndarray, U: np.ndarray,
              b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One LSTM step. Pre-activations z = x @ W + h_prev @ U + b, split into four H-wide blocks
    in the order i (input), f (forget), g (candidate), o (output).

    x: (B, D); h_prev, c_prev: (B, H); W: (D, 4H); U: (H, 4H); b: (4H,). Returns (h, c), each (B, H).
    """
    raise NotImplementedError
