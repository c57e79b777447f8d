import numpy as np


def rnn_bptt(xs: np.ndarray, h0: np.ndarray, Wxh: np.ndarray, Whh: np.ndarray, b: np.ndarray,
             dhs: np.ndarray) -> dict:
    """Backpropagation through time for h_t = tanh(x_t @ Wxh + h_{t-1} @ Whh + b), t = 1..T.

    xs: (T, B, D); h0: (B, H); Wxh: (D, H); Whh: (H, H); b: (H,); dhs: (T, B, H), where
    dhs[t - 1] = dL/dh_t is the gradient the loss sends *directly* into h_t.
    Returns {"Wxh": dL/dWxh, "Whh": dL/dWhh, "b": dL/db, "h0": dL/dh0}, each shaped like its input.
    """
    raise NotImplementedError
