"""Residual blocks (He, Zhang, Ren & Sun, 2016) and the plain blocks they are compared with.

A residual block learns a correction F to its input instead of the whole mapping:

    y = φ(x + F(x)),     F(x) = N₂(W₂ · φ(N₁(W₁ x)))          (plain block: y = φ(F(x)))

with φ = ReLU and N batch norm (or nothing). Stacking L blocks, the gradient reaching
block l's input is a product of Jacobians, and the shortcut puts an identity in each:

    ∂y/∂x = diag(φ') · (I + ∂F/∂x)      vs      diag(φ') · ∂F/∂x       (plain)

Expanding the product over blocks, a residual net's gradient contains a term that skips
every F, so it cannot vanish just because each ∂F/∂x is small; a plain net's gradient is
the product of the ∂F/∂x alone and shrinks (or grows) geometrically with depth unless
initialisation and normalisation keep every factor's scale at exactly one. And if the
best F is zero, the block only has to push W₂ to zero to be an identity, which a plain
stack cannot express easily: He et al.'s "degradation problem", where a deeper plain net
has higher *training* error than a shallower one.

``BasicBlock`` is the convolutional block of ResNet-18/34 (3x3 convs, projection shortcut
when the shape changes). ``DeepMLP`` stacks fully-connected blocks so that depth is cheap
to vary on CPU; the labs compare residual and plain versions of it layer for layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn


class BasicBlock(nn.Module):
    """(N, c_in, H, W) -> (N, c_out, H/stride, W/stride): conv3x3-BN-ReLU-conv3x3-BN, + shortcut, ReLU."""

    def __init__(self, c_in: int, c_out: int, stride: int = 1, residual: bool = True):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.residual = residual
        self.shortcut: nn.Module = nn.Identity()
        if residual and (stride != 1 or c_in != c_out):
            # Projection shortcut: a 1x1 conv matches the channel count and the stride.
            self.shortcut = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(c_out))

    def forward(self, x: Tensor) -> Tensor:
        out = F.relu(self.bn1(self.conv1(x)))  # (N, c_out, H', W')
        out = self.bn2(self.conv2(out))  # (N, c_out, H', W')
        if self.residual:
            out = out + self.shortcut(x)
        return F.relu(out)


class MLPBlock(nn.Module):
    """(N, width) -> (N, width): y = φ(x + F(x)) if residual else φ(F(x)), F = N₂W₂φ(N₁W₁x)."""

    def __init__(self, width: int, residual: bool = True, batch_norm: bool = False):
        super().__init__()
        self.fc1 = nn.Linear(width, width)
        self.fc2 = nn.Linear(width, width)
        self.norm1 = nn.BatchNorm1d(width) if batch_norm else nn.Identity()
        self.norm2 = nn.BatchNorm1d(width) if batch_norm else nn.Identity()
        self.residual = residual

    def forward(self, x: Tensor) -> Tensor:
        out = self.norm2(self.fc2(F.relu(self.norm1(self.fc1(x)))))  # F(x): (N, width)
        return F.relu(x + out) if self.residual else F.relu(out)


@dataclass
class DeepMLPConfig:
    in_features: int = 784
    width: int = 64
    n_blocks: int = 16  # depth in linear layers = 2 · n_blocks + 2 (stem and head)
    n_classes: int = 10
    residual: bool = True
    batch_norm: bool = False
    init: str = "default"  # "default" (PyTorch's) or "kaiming" (He et al., 2015: N(0, 2/fan_in))


class DeepMLP(nn.Module):
    """stem Linear -> ReLU, ``n_blocks`` MLPBlocks, head Linear; plain or residual, same weights count."""

    def __init__(self, cfg: DeepMLPConfig):
        super().__init__()
        self.stem = nn.Linear(cfg.in_features, cfg.width)
        self.blocks = nn.Sequential(*[MLPBlock(cfg.width, cfg.residual, cfg.batch_norm)
                                      for _ in range(cfg.n_blocks)])
        self.head = nn.Linear(cfg.width, cfg.n_classes)
        if cfg.init == "kaiming":
            for m in self.modules():
                if isinstance(m, nn.Linear):
                    nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                    nn.init.zeros_(m.bias)
        elif cfg.init != "default":
            raise ValueError(f"init must be 'default' or 'kaiming', not {cfg.init!r}")

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.stem(x.flatten(1)))  # (N, width)
        return self.head(self.blocks(h))  # (N, K) logits

    def linear_layers(self) -> list[nn.Linear]:
        """The linear layers from input to output: stem, fc1/fc2 of every block, head."""
        return [m for m in self.modules() if isinstance(m, nn.Linear)]


def layer_grad_norms(model: nn.Module, layers: list[nn.Module], x: Tensor, y: Tensor) -> list[float]:
    """‖∂L/∂W‖_F for each layer's weight, for the cross-entropy of one batch (x, y)."""
    model.zero_grad(set_to_none=True)
    F.cross_entropy(model(x), y).backward()
    norms = [torch.linalg.vector_norm(layer.weight.grad).item() for layer in layers]
    model.zero_grad(set_to_none=True)
    return norms
