"""Scaled dot-product attention, multi-head self-attention and sinusoidal positional encoding.

    S = Q Kᵀ / √d + M,    A = softmax(S) (over keys),    O = A V

Q (…, Tq, d), K (…, Tk, d), V (…, Tk, dv). Dividing by √d keeps the scores' variance near 1, so the
softmax does not saturate as d grows. A boolean mask keeps the positions where it is True (M = 0 there,
−∞ elsewhere; the convention of PyTorch's F.scaled_dot_product_attention); a float mask is added as M.
A query whose every key is masked gets NaN weights, as in PyTorch. Backward:

    dV = Aᵀ dO,    dA = dO Vᵀ,    dS = A ⊙ (dA − Σ_j dA_j A_j),    dQ = dS K / √d,    dK = dSᵀ Q / √d

Multi-head attention gives each of H heads its own d = E/H wide slice of the projections:

    MHA(x) = concat_h(Attention(x W_qʰ, x W_kʰ, x W_vʰ)) W_o

Positional encoding (Vaswani et al. 2017): PE[p, 2i] = sin(p / base^(2i/D)), PE[p, 2i+1] = cos(same angle).
"""

from __future__ import annotations

import math

import numpy as np

from dlprep.nn import functional as F
from dlprep.nn._checks import check_input, check_size, float_dtype, positive_int
from dlprep.nn.layers import Linear
from dlprep.nn.module import Module


def scaled_dot_product_attention(q, k, v, mask=None) -> tuple[np.ndarray, np.ndarray]:
    """Returns the output (…, Tq, dv) and the attention weights A (…, Tq, Tk)."""
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError(f"attention needs q (…, Tq, d), k (…, Tk, d), v (…, Tk, dv); "
                         f"got q {q.shape}, k {k.shape}, v {v.shape}")
    scores = q @ k.swapaxes(-1, -2) / math.sqrt(q.shape[-1])  # (…, Tq, Tk)
    if mask is not None:
        mask = np.asarray(mask)
        if mask.dtype == bool:
            scores = np.where(mask, scores, -np.inf)
        elif np.issubdtype(mask.dtype, np.floating):
            scores = scores + mask.astype(scores.dtype, copy=False)  # a float64 mask must not upcast float32
        else:
            raise ValueError(f"mask must be boolean (True = attend) or float (added), got {mask.dtype}")
    weights = F.softmax(scores, axis=-1)
    return weights @ v, weights


def scaled_dot_product_attention_backward(dout, q, k, v, weights) -> tuple[np.ndarray, ...]:
    """dQ, dK, dV from dO and the forward's inputs and weights (the mask is already inside the weights)."""
    scale = 1 / math.sqrt(q.shape[-1])
    dv = weights.swapaxes(-1, -2) @ dout
    dscores = F.softmax_backward(dout @ v.swapaxes(-1, -2), weights) * scale  # (…, Tq, Tk)
    return dscores @ k, dscores.swapaxes(-1, -2) @ q, dv


class MultiHeadAttention(Module):
    """Multi-head self-attention: x (N, T, E) -> (N, T, E).

    Four E -> E projections (q_proj, k_proj, v_proj, out_proj), Xavier-initialised as in PyTorch.
    ``forward(x, training, mask)`` takes a mask broadcastable to (N, H, T, T), e.g. a causal (T, T)
    boolean ``np.tril(np.ones((T, T), bool))``.
    """

    def __init__(self, embed_dim: int, num_heads: int, bias: bool = True, rng=None, dtype=np.float64):
        self.embed_dim = positive_int(embed_dim, "embed_dim")
        self.num_heads = positive_int(num_heads, "num_heads")
        if embed_dim % num_heads:
            raise ValueError(f"embed_dim={embed_dim} must be divisible by num_heads={num_heads}")
        self.head_dim = embed_dim // num_heads
        rng = np.random.default_rng(rng)
        dtype = float_dtype(dtype)

        def projection() -> Linear:
            return Linear(embed_dim, embed_dim, bias=bias, init="xavier_uniform", rng=rng, dtype=dtype)

        self.q_proj, self.k_proj, self.v_proj, self.out_proj = projection(), projection(), projection(), projection()

    def forward(self, x: np.ndarray, training: bool = False, mask=None) -> np.ndarray:
        check_input(x, "MultiHeadAttention", "(N, T, E)", (3,))
        check_size(x.shape[2], self.embed_dim, "MultiHeadAttention", "embed_dim E")
        self._qkv = tuple(self._split_heads(p.forward(x)) for p in (self.q_proj, self.k_proj, self.v_proj))
        out, self._weights = scaled_dot_product_attention(*self._qkv, mask)  # (N, H, T, d)
        return self.out_proj.forward(self._merge_heads(out))

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dheads = self._split_heads(self.out_proj.backward(dout))
        dq, dk, dv = scaled_dot_product_attention_backward(dheads, *self._qkv, self._weights)
        # x feeds all three projections, so its gradient is the sum of theirs.
        return (self.q_proj.backward(self._merge_heads(dq)) + self.k_proj.backward(self._merge_heads(dk))
                + self.v_proj.backward(self._merge_heads(dv)))

    def _split_heads(self, x: np.ndarray) -> np.ndarray:  # (N, T, E) -> (N, H, T, d)
        n, t, _ = x.shape
        return x.reshape(n, t, self.num_heads, self.head_dim).transpose(0, 2, 1, 3)

    def _merge_heads(self, x: np.ndarray) -> np.ndarray:  # (N, H, T, d) -> (N, T, E)
        n, _, t, _ = x.shape
        return x.transpose(0, 2, 1, 3).reshape(n, t, self.embed_dim)


def sinusoidal_positional_encoding(length: int, dim: int, base: float = 10000.0, dtype=np.float64):
    """(length, dim) table; row p encodes position p with frequencies from 1 down to 1/base."""
    length, dim = positive_int(length, "length"), positive_int(dim, "dim")
    frequencies = base ** (-np.arange(0, dim, 2) / dim)  # (ceil(dim / 2),)
    angles = np.arange(length)[:, None] * frequencies  # (length, ceil(dim / 2))
    encoding = np.empty((length, dim))
    encoding[:, 0::2] = np.sin(angles)
    encoding[:, 1::2] = np.cos(angles[:, : dim // 2])
    return encoding.astype(float_dtype(dtype))
