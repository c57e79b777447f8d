"""The layer contract shared by everything in ``dlprep.nn``.

    y  = layer.forward(x, training)   # caches what backward needs
    dx = layer.backward(dy)           # returns dL/dx, *adds* dL/dθ into each Parameter.grad

Gradients accumulate (as in PyTorch) so a parameter used twice (tied weights) gets the
sum of both uses; call ``zero_grad()`` before each step. Constructors validate and store
hyperparameters and draw initial parameters from the given ``rng``; they do no other work.
"""

from __future__ import annotations

import numpy as np


class Parameter:
    """A trainable array and the gradient accumulated for it (same shape and dtype)."""

    __slots__ = ("data", "grad")

    def __init__(self, data: np.ndarray):
        self.data = data
        self.grad = np.zeros_like(data)

    def __repr__(self) -> str:
        return f"Parameter(shape={self.data.shape}, dtype={self.data.dtype})"


class Module:
    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dout: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __call__(self, x: np.ndarray, training: bool = False, **kwargs) -> np.ndarray:
        return self.forward(x, training, **kwargs)  # e.g. state= for recurrent layers, mask= for attention

    def named_parameters(self, prefix: str = "") -> dict[str, Parameter]:
        """Parameters of this module and of sub-modules (attributes, lists or tuples of them)."""
        out: dict[str, Parameter] = {}
        for name, value in vars(self).items():
            items = list(enumerate(value)) if isinstance(value, list | tuple) else [(None, value)]
            for idx, item in items:
                full = f"{prefix}{name}" if idx is None else f"{prefix}{name}.{idx}"
                if isinstance(item, Parameter):
                    out[full] = item
                elif isinstance(item, Module):
                    out.update(item.named_parameters(full + "."))
        return out

    def parameters(self) -> list[Parameter]:
        # A parameter shared by two sub-modules is listed once.
        return list({id(p): p for p in self.named_parameters().values()}.values())

    @property
    def params(self) -> dict[str, np.ndarray]:
        return {k: p.data for k, p in self.named_parameters().items()}

    @property
    def grads(self) -> dict[str, np.ndarray]:
        return {k: p.grad for k, p in self.named_parameters().items()}

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad[...] = 0
