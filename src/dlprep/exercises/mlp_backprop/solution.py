import numpy as np


def mlp_loss_and_grads(
    params: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    n = x.shape[0]
    rows = np.arange(n)
    pre = x @ W1 + b1
    h = np.maximum(pre, 0.0)
    scores = h @ W2 + b2
    z = scores - scores.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -log_p[rows, y].mean()

    dscores = np.exp(log_p)
    dscores[rows, y] -= 1.0
    dscores /= n
    dW2 = h.T @ dscores
    db2 = dscores.sum(axis=0)
    dpre = (dscores @ W2.T) * (pre > 0)
    dW1 = x.T @ dpre
    db1 = dpre.sum(axis=0)
    return float(loss), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
