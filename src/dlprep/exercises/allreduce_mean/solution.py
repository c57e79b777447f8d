import numpy as np


def allreduce_mean(worker_grads: list, batch_sizes: list | None = None) -> list:
    W = len(worker_grads)
    w = np.ones(W) if batch_sizes is None else np.asarray(batch_sizes, dtype=np.float64)
    w = w / w.sum()  # every example counts once: weight a worker by its share of the global batch
    avg = {}
    for name, g0 in worker_grads[0].items():
        total = sum(w[r] * worker_grads[r][name].astype(np.float64) for r in range(W))
        avg[name] = total.astype(g0.dtype)
    return [{name: g.copy() for name, g in avg.items()} for _ in range(W)]
