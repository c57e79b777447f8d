import numpy as np


def dense_forward_backward(
    x: np.ndarray, W: np.ndarray, b: np.ndarray, dout: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    out = x @ W + b
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(axis=0)
    return out, dx, dW, db
