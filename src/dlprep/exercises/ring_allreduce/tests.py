import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261221)
    return [
        Case("example", args=([np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0, 30.0]),
                               np.array([100.0, 200.0, 300.0])],), public=True),
        Case("two workers", args=([rng.normal(size=4), rng.normal(size=4)],)),
        Case("chunks of unequal size", args=([rng.normal(size=7) for _ in range(3)],)),
        Case("fewer elements than workers", args=([rng.normal(size=2) for _ in range(4)],)),
        Case("matrices keep their shape", args=([rng.normal(size=(3, 4)) for _ in range(5)],)),
        Case("one worker", args=([rng.normal(size=3)],)),
        Case("float32 keeps its dtype", args=([rng.normal(size=(2, 5)).astype(np.float32) for _ in range(4)],),
             rtol=1e-5, atol=1e-6),
    ]
