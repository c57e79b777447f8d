import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261204)
    causal = np.tril(np.ones((4, 4), dtype=bool))
    fully = np.array([[True, False, True], [False, False, False]])  # row 1 may attend nothing
    padding = np.ones((2, 1, 3, 5), dtype=bool)
    padding[0, ..., 3:] = False  # batch 0 has 3 real keys, batch 1 has 5; broadcast over 2 heads
    return [
        Case("example", args=(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
                              np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
                              np.array([[True, False, True], [True, True, True]])), public=True),
        Case("no mask", args=(rng.normal(size=(3, 4)), rng.normal(size=(5, 4)), rng.normal(size=(5, 2)))),
        Case("causal mask: True means may attend", args=(rng.normal(size=(4, 3)), rng.normal(size=(4, 3)),
                                                         rng.normal(size=(4, 3)), causal)),
        Case("fully masked row gives zeros", args=(rng.normal(size=(2, 4)), rng.normal(size=(3, 4)),
                                                   rng.normal(size=(3, 2)), fully), public=True),
        Case("scale by sqrt(d), d = 16", args=(rng.normal(size=(2, 16)), rng.normal(size=(3, 16)),
                                              rng.normal(size=(3, 3)))),
        Case("large scores do not overflow", args=(rng.normal(scale=40, size=(3, 8)),
                                                   rng.normal(scale=40, size=(4, 8)), rng.normal(size=(4, 2)))),
        Case("batched heads, broadcast padding mask", args=(rng.normal(size=(2, 2, 3, 4)),
                                                           rng.normal(size=(2, 2, 5, 4)),
                                                           rng.normal(size=(2, 2, 5, 3)), padding)),
        Case("float32 keeps its dtype", args=(rng.normal(size=(3, 4)).astype(np.float32),
                                              rng.normal(size=(3, 4)).astype(np.float32),
                                              rng.normal(size=(3, 2)).astype(np.float32), causal[:3, :3]),
             rtol=1e-5, atol=1e-6),
    ]
