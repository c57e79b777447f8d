import numpy as np


def layer_norm_backward(
    dout: np.ndarray, x: np.ndarray, gamma: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = x.shape[-1]
    mean = x.mean(axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt(((x - mean) ** 2).mean(axis=-1, keepdims=True) + eps)
    x_hat = (x - mean) * inv_std
    lead = tuple(range(x.ndim - 1))
    dgamma = (dout * x_hat).sum(axis=lead)
    dbeta = dout.sum(axis=lead)
    dxhat = dout * gamma
    dx = inv_std / d * (d * dxhat - dxhat.sum(axis=-1, keepdims=True)
                        - x_hat * (dxhat * x_hat).sum(axis=-1, keepdims=True))
    return dx, dgamma, dbeta
