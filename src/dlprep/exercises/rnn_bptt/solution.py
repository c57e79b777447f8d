import numpy as np


def rnn_bptt(xs: np.ndarray, h0: np.ndarray, Wxh: np.ndarray, Whh: np.ndarray, b: np.ndarray,
             dhs: np.ndarray) -> dict:
    T = xs.shape[0]
    hs = [h0]
    for t in range(T):
        hs.append(np.tanh(xs[t] @ Wxh + hs[-1] @ Whh + b))

    dWxh, dWhh, db = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(b)
    dh_next = np.zeros_like(h0)  # gradient flowing into h_t from step t + 1
    for t in reversed(range(T)):
        dh = dhs[t] + dh_next  # the loss touches h_t directly and through h_{t+1}
        da = dh * (1.0 - hs[t + 1] ** 2)  # through tanh
        dWxh += xs[t].T @ da
        dWhh += hs[t].T @ da
        db += da.sum(axis=0)
        dh_next = da @ Whh.T
    return {"Wxh": dWxh, "Whh": dWhh, "b": db, "h0": dh_next}
