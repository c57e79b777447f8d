import numpy as np


def _split(x: np.ndarray, num_heads: int) -> np.ndarray:
    B, L, E = x.shape
    return x.reshape(B, L, num_heads, E // num_heads).transpose(0, 2, 1, 3)  # (B, heads, L, dh)


def multi_head_attention(query: np.ndarray, key: np.ndarray, value: np.ndarray, Wq: np.ndarray,
                         Wk: np.ndarray, Wv: np.ndarray, Wo: np.ndarray, num_heads: int,
                         mask: np.ndarray | None = None) -> np.ndarray:
    B, Lq, E = query.shape
    dh = E // num_heads
    q = _split(query @ Wq, num_heads)
    k = _split(key @ Wk, num_heads)
    v = _split(value @ Wv, num_heads)
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh).astype(query.dtype)  # scale by the head size
    if mask is not None:
        m = mask if mask.ndim == 2 else mask[:, None]  # (Lq, Lk) or (B, Lq, Lk) -> broadcast over heads
        scores = np.where(m, scores, -np.inf)
    top = scores.max(axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    e = np.exp(scores - top)
    s = e.sum(axis=-1, keepdims=True)
    attn = e / np.where(s > 0, s, 1.0)  # fully masked rows: all-zero weights
    heads = (attn @ v).astype(query.dtype)  # (B, heads, Lq, dh)
    merged = heads.transpose(0, 2, 1, 3).reshape(B, Lq, E)
    return merged @ Wo
