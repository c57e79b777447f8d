"""Data augmentation for image batches: random translation.

A label-preserving transform t ~ T enlarges the training set to pairs (t(x), y); for
digits a shift of one or two pixels keeps the class, so the model learns a little
translation invariance that pooling gives only approximately. Each image is padded with
``pad`` zero pixels on every side and a random H x W window is cut from it:

    x'[c, i, j] = x_pad[c, i + dy, j + dx],   dy, dx ~ Uniform{0, ..., 2·pad}

Applied on the device to a whole minibatch at once, during training only; the test
set is never augmented.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor


def random_shift(x: Tensor, generator: torch.Generator, pad: int = 2) -> Tensor:
    """Shift each image of x (B, C, H, W) by up to ``pad`` pixels in each direction."""
    b, _, h, w = x.shape
    padded = F.pad(x, (pad, pad, pad, pad))  # (B, C, H + 2p, W + 2p)
    dy = torch.randint(0, 2 * pad + 1, (b,), generator=generator).to(x.device)  # (B,)
    dx = torch.randint(0, 2 * pad + 1, (b,), generator=generator).to(x.device)  # (B,)
    rows = (dy[:, None] + torch.arange(h, device=x.device))[:, None, :, None]  # (B, 1, H, 1)
    cols = (dx[:, None] + torch.arange(w, device=x.device))[:, None, None, :]  # (B, 1, 1, W)
    batch = torch.arange(b, device=x.device)[:, None, None, None]  # (B, 1, 1, 1)
    chan = torch.arange(x.shape[1], device=x.device)[None, :, None, None]  # (1, C, 1, 1)
    return padded[batch, chan, rows, cols]  # (B, C, H, W)
