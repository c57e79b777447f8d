import numpy as np

from dlprep.exercises._harness import Case


def _weights(rng, E, dtype=np.float64):
    return tuple(rng.normal(scale=E ** -0.5, size=(E, E)).astype(dtype) for _ in range(4))


def cases() -> list[Case]:
    rng = np.random.default_rng(20261205)
    x = rng.normal(size=(2, 5, 8))
    causal = np.tril(np.ones((5, 5), dtype=bool))
    per_batch = np.ones((2, 3, 4), dtype=bool)
    per_batch[1, :, 2:] = False  # batch 1: only two real keys
    per_batch[0, 2, :] = False  # batch 0, query 2: attends nothing -> zeros
    x32 = rng.normal(size=(1, 3, 4)).astype(np.float32)
    ex = np.array([[[1.0, 0.0, 1.0, 0.0], [0.0, 2.0, 0.0, -1.0]]])
    eye = np.eye(4)
    return [
        Case("example", args=(ex, ex, ex, eye, eye, eye, eye, 2), public=True),
        Case("one head", args=(x, x, x, *_weights(rng, 8), 1)),
        Case("self-attention, 2 heads", args=(x, x, x, *_weights(rng, 8), 2)),
        Case("4 heads: split into contiguous blocks", args=(x, x, x, *_weights(rng, 8), 4)),
        Case("causal mask", args=(x, x, x, *_weights(rng, 8), 2, causal)),
        Case("cross-attention, Lq != Lk", args=(rng.normal(size=(2, 3, 6)), rng.normal(size=(2, 4, 6)),
                                               rng.normal(size=(2, 4, 6)), *_weights(rng, 6), 3)),
        Case("per-batch mask with an empty row", args=(rng.normal(size=(2, 3, 6)), rng.normal(size=(2, 4, 6)),
                                                      rng.normal(size=(2, 4, 6)), *_weights(rng, 6), 2,
                                                      per_batch)),
        Case("float32 keeps its dtype", args=(x32, x32, x32, *_weights(rng, 4, np.float32), 2),
             rtol=1e-5, atol=1e-6),
    ]
