import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261213)

    def drop(name, shape, p, training=True, dtype=np.float64, **tol):
        x = rng.normal(size=shape).astype(dtype)
        mask = rng.random(size=shape) >= p
        return Case(name, args=(x, p, mask), kwargs={"training": training}, **tol)

    x4 = np.array([1.0, 2.0, 3.0, 4.0])
    return [
        Case("example", args=(x4, 0.5, np.array([True, False, True, False])), public=True),
        Case("eval mode is the identity", args=(x4, 0.5, np.array([True, False, True, False])),
             kwargs={"training": False}, public=True),
        drop("p = 0.25 (True in the mask means keep)", (3, 4), 0.25),
        drop("p = 0.8", (4, 5), 0.8),
        Case("p = 0 keeps everything", args=(rng.normal(size=(2, 3)), 0.0, np.ones((2, 3), dtype=bool))),
        Case("p = 1 drops everything (no nan)", args=(rng.normal(size=(2, 3)), 1.0, np.zeros((2, 3), dtype=bool))),
        drop("eval mode ignores the mask", (3, 3), 0.3, training=False),
        drop("float32 keeps its dtype", (2, 6), 0.2, dtype=np.float32, rtol=1e-6, atol=1e-7),
    ]
