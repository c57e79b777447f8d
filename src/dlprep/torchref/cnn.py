"""A small convolutional network for 28x28 digits.

A convolution slides K_out filters of size C_in x k x k over the image; output channel o at
position (i, j) is

    y[o, i, j] = b[o] + Σ_c Σ_{u,v} W[o, c, u, v] · x[c, i + u, j + v]

so a layer has K_out·C_in·k² + K_out weights however large the image is (weight sharing),
and the same filter fires wherever its pattern appears (translation equivariance). Max
pooling then halves each side, which buys a little translation invariance and widens the
receptive field of the next layer.

Layout: two blocks conv -> BatchNorm -> ReLU -> maxpool2 (5x5 then 3x3 kernels, "same"
padding), then dropout -> linear -> ReLU -> dropout -> linear. With channels (32, 64) and
hidden 128 that is about 0.42 M parameters, 96% of them in the first linear layer
(64·7·7·128), and about 4.2 M multiply-adds per 28x28 image, 86% of them in the second conv.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch import Tensor, nn


@dataclass
class CNNConfig:
    in_channels: int = 1
    image_size: int = 28  # H = W; must be divisible by 4 (two 2x2 poolings)
    channels: tuple[int, int] = (32, 64)
    kernels: tuple[int, int] = (5, 3)  # odd sizes: padding k // 2 keeps H and W
    hidden: int = 128
    n_classes: int = 10
    dropout: float = 0.25
    batch_norm: bool = True


def conv_block(c_in: int, c_out: int, kernel: int, batch_norm: bool) -> nn.Sequential:
    """(N, c_in, H, W) -> (N, c_out, H/2, W/2): conv (padding keeps H, W), norm, ReLU, 2x2 max pool."""
    # A bias is redundant before batch norm, which subtracts the per-channel mean.
    layers: list[nn.Module] = [nn.Conv2d(c_in, c_out, kernel, padding=kernel // 2, bias=not batch_norm)]
    if batch_norm:
        layers.append(nn.BatchNorm2d(c_out))
    layers += [nn.ReLU(), nn.MaxPool2d(2)]
    return nn.Sequential(*layers)


class SmallCNN(nn.Module):
    def __init__(self, cfg: CNNConfig | None = None):
        super().__init__()
        cfg = cfg or CNNConfig()
        if cfg.image_size % 4:
            raise ValueError(f"image_size must be divisible by 4, got {cfg.image_size}")
        (c1, c2), (k1, k2) = cfg.channels, cfg.kernels
        self.features = nn.Sequential(
            conv_block(cfg.in_channels, c1, k1, cfg.batch_norm),  # (N, 1, 28, 28) -> (N, c1, 14, 14)
            conv_block(c1, c2, k2, cfg.batch_norm),  # -> (N, c2, 7, 7)
        )
        side = cfg.image_size // 4
        self.classifier = nn.Sequential(
            nn.Flatten(),  # (N, c2·7·7)
            nn.Dropout(cfg.dropout),
            nn.Linear(c2 * side * side, cfg.hidden),  # (N, hidden)
            nn.ReLU(),
            nn.Dropout(cfg.dropout),
            nn.Linear(cfg.hidden, cfg.n_classes),  # (N, K) logits
        )

    @property
    def first_conv(self) -> nn.Conv2d:
        """The first layer's filters, (c1, C_in, k1, k1): what the network looks for in pixels."""
        return self.features[0][0]

    def forward(self, x: Tensor) -> Tensor:
        return self.classifier(self.features(x))
