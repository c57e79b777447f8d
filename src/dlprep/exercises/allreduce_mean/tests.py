import numpy as np

from dlprep.exercises._harness import Case


def _workers(rng, W, dtype=np.float64):
    return [{"w": rng.normal(size=(3, 2)).astype(dtype), "b": rng.normal(size=2).astype(dtype)} for _ in range(W)]


def cases() -> list[Case]:
    rng = np.random.default_rng(20261220)
    return [
        Case("example", args=([{"w": np.array([1.0, 2.0]), "b": np.array([0.0])},
                               {"w": np.array([3.0, 6.0]), "b": np.array([1.0])}],), public=True),
        Case("unequal batches weight by size", args=([{"w": np.array([1.0, 2.0]), "b": np.array([0.0])},
                                                      {"w": np.array([3.0, 6.0]), "b": np.array([1.0])}],),
             kwargs={"batch_sizes": [3, 1]}, public=True),
        Case("one worker", args=(_workers(rng, 1),)),
        Case("four workers", args=(_workers(rng, 4),)),
        Case("equal batch sizes = plain mean", args=(_workers(rng, 3),), kwargs={"batch_sizes": [8, 8, 8]}),
        Case("unequal batch sizes", args=(_workers(rng, 3),), kwargs={"batch_sizes": [32, 16, 5]}),
        Case("float32 keeps its dtype", args=(_workers(rng, 5, np.float32),), rtol=1e-5, atol=1e-6),
    ]
