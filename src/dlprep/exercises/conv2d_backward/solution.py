import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d_backward(
    dout: np.ndarray, x: np.ndarray, w: np.ndarray, stride: int = 1, padding: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    ho, wo = dout.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride][:, :, :ho, :wo]
    dw = np.einsum("ncijuv,nfij->fcuv", windows, dout)
    db = dout.sum(axis=(0, 2, 3))
    dxp = np.zeros_like(xp)
    for u in range(kh):  # each kernel offset (u, v) touches a strided sub-grid of the padded input
        for v in range(kw):
            dxp[:, :, u:u + stride * ho:stride, v:v + stride * wo:stride] += np.einsum(
                "nfij,fc->ncij", dout, w[:, :, u, v])
    dx = dxp[:, :, padding:padding + h, padding:padding + wd]
    return dx, dw, db
