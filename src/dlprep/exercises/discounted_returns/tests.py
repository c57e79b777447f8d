import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261213)
    return [
        Case("example", args=(np.array([1.0, 0.0, 2.0, 1.0, 1.0]), np.array([False, False, True, False, False]), 0.9),
             public=True),
        Case("one episode, gamma 1", args=(np.array([1.0, 2.0, 3.0]), np.zeros(3, dtype=bool), 1.0)),
        Case("gamma 0: just the reward", args=(rng.normal(size=6), rng.uniform(size=6) < 0.3, 0.0)),
        Case("done on every step", args=(np.array([1.0, 2.0, 3.0, 4.0]), np.ones(4, dtype=bool), 0.99)),
        Case("bootstrap a truncated last episode",
             args=(np.array([1.0, 1.0, 1.0]), np.array([True, False, False]), 0.5),
             kwargs={"bootstrap_value": 10.0}),
        Case("no bootstrap after a final done", args=(np.array([1.0, 1.0]), np.array([False, True]), 0.5),
             kwargs={"bootstrap_value": 10.0}),
        Case("parallel environments (T, E)", args=(rng.normal(size=(8, 3)), rng.uniform(size=(8, 3)) < 0.25, 0.95)),
        Case("float32 keeps its dtype", args=(rng.normal(size=10).astype(np.float32), rng.uniform(size=10) < 0.2, 0.9),
             rtol=1e-5, atol=1e-6),
        Case("long random rollout", args=(rng.normal(size=40), rng.uniform(size=40) < 0.1, 0.97)),
    ]
