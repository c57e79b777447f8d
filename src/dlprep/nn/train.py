"""A minimal mini-batch training loop for ``dlprep.nn`` models.

    for each epoch:
        shuffle the training indices with rng
        for each batch B:    zero grads → out = model(X_B) → L = loss(out, y_B)
                             → model.backward(dL/dout) → optimizer.step()
        record the epoch's mean training loss (and validation loss/accuracy, if given)

Nothing here is model-specific: any ``Module`` with ``forward(x, training)`` / ``backward``,
any loss from ``dlprep.nn.losses`` and any optimizer from ``dlprep.nn.optim`` fit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from dlprep.nn.losses import Loss
from dlprep.nn.module import Module
from dlprep.nn.optim import Optimizer

History = dict[str, list[float]]


def minibatches(n_samples: int, batch_size: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Index arrays covering a fresh permutation of 0..n-1; the last batch may be smaller."""
    order = rng.permutation(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start : start + batch_size]


def predict(model: Module, X: np.ndarray, batch_size: int = 512) -> np.ndarray:
    """Model outputs in evaluation mode (dropout off, batch norm on running statistics)."""
    return np.concatenate([model.forward(X[i : i + batch_size], training=False)
                           for i in range(0, len(X), batch_size)])


def evaluate(model: Module, loss: Loss, X: np.ndarray, y: np.ndarray, batch_size: int = 512) -> dict[str, float]:
    """{'loss': ...}, plus 'accuracy' (argmax over classes) when the model outputs (N, C)
    class scores and ``y`` holds integer labels. The loss is computed on all outputs at
    once, so weighted means come out exact rather than averaged per batch.
    """
    outputs = predict(model, X, batch_size)
    result = {"loss": float(loss.forward(outputs, y))}
    y = np.asarray(y)
    if outputs.ndim == 2 and outputs.shape[1] > 1 and y.ndim == 1 and np.issubdtype(y.dtype, np.integer):
        result["accuracy"] = float(np.mean(outputs.argmax(axis=1) == y))
    return result


def fit(
    model: Module,
    loss: Loss,
    optimizer: Optimizer,
    X: np.ndarray,
    y: np.ndarray,
    epochs: int,
    batch_size: int,
    rng: np.random.Generator | int | None = None,
    X_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
    on_epoch_end: Callable[[int, History], bool | None] | None = None,
) -> History:
    """Train ``model`` in place and return its history, a dict of per-epoch lists:
    'loss' (mean training loss over the epoch's batches, weighted by batch size) and, with
    validation data, 'val_loss' and, for classifiers, 'val_accuracy'.

    ``on_epoch_end(epoch, history)`` runs after each epoch; returning True stops training.
    Use it for schedules, early stopping or logging, e.g.
    ``on_epoch_end=lambda epoch, h: stopper.step(h["val_loss"][-1])``.
    """
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
    if (X_val is None) != (y_val is None):
        raise ValueError("pass both X_val and y_val, or neither")
    if epochs < 1 or batch_size < 1:
        raise ValueError(f"epochs and batch_size must be >= 1, got {epochs} and {batch_size}")
    if loss.reduction == "none":
        raise ValueError("fit needs a scalar loss: use reduction='mean' or 'sum'")
    rng = np.random.default_rng(rng)
    history: History = {"loss": []}
    for epoch in range(epochs):
        total, seen = 0.0, 0
        for idx in minibatches(len(X), batch_size, rng):
            model.zero_grad()
            batch_loss = loss.forward(model.forward(X[idx], training=True), y[idx])
            model.backward(loss.backward())
            optimizer.step()
            total, seen = total + batch_loss * len(idx), seen + len(idx)
        history["loss"].append(total / seen)
        if X_val is not None:
            for name, value in evaluate(model, loss, X_val, y_val).items():
                history.setdefault(f"val_{name}", []).append(value)
        if on_epoch_end is not None and on_epoch_end(epoch, history):
            break
    return history
