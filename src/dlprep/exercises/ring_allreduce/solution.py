import numpy as np


def ring_allreduce(worker_arrays: list) -> tuple[list, list]:
    W = len(worker_arrays)
    shape = worker_arrays[0].shape
    bufs = [[c.copy() for c in np.array_split(a.ravel(), W)] for a in worker_arrays]

    # reduce-scatter: at step s worker w sends chunk (w - s) % W to worker (w + 1) % W, which adds it
    for s in range(W - 1):
        sent = [bufs[w][(w - s) % W].copy() for w in range(W)]  # all sends of a step happen together
        for w in range(W):
            dst, c = (w + 1) % W, (w - s) % W
            bufs[dst][c] = bufs[dst][c] + sent[w]
    owned = [bufs[w][(w + 1) % W].copy() for w in range(W)]  # worker w now holds the full sum of chunk w+1

    # all-gather: at step s worker w sends chunk (w + 1 - s) % W to worker (w + 1) % W, which overwrites
    for s in range(W - 1):
        sent = [bufs[w][(w + 1 - s) % W].copy() for w in range(W)]
        for w in range(W):
            bufs[(w + 1) % W][(w + 1 - s) % W] = sent[w]

    dtype = worker_arrays[0].dtype
    result = [(np.concatenate(b) / dtype.type(W)).astype(dtype).reshape(shape) for b in bufs]
    return owned, result
