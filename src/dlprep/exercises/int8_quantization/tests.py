import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261216)
    return [
        Case("example", args=(np.array([-1.0, 0.0, 0.5, 2.0]),), public=True),
        Case("all positive: the range still contains 0", args=(np.array([1.0, 2.0, 3.0, 5.0]),), public=True),
        Case("all negative", args=(np.array([-4.0, -0.5, -3.0]),)),
        Case("all zeros: scale 1", args=(np.zeros(3),)),
        Case("symmetric range", args=(np.array([-1.27, 0.0, 1.28, 0.3]),)),
        Case("random matrix", args=(rng.normal(size=(4, 5)),)),
        Case("float32 keeps its dtype", args=(rng.uniform(-3, 5, size=(3, 3)).astype(np.float32),), rtol=1e-6,
             atol=1e-7),
        Case("wide skewed range", args=(np.concatenate([rng.normal(size=10), [100.0]]),)),
    ]
