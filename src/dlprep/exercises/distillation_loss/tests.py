import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261206)
    s, t, y = rng.normal(size=(6, 5)), rng.normal(scale=2, size=(6, 5)), rng.integers(0, 5, size=6)
    same = rng.normal(size=(3, 4))
    return [
        Case("example", args=(np.array([[2.0, 1.0, 0.0], [0.0, 0.5, 1.0]]),
                              np.array([[3.0, 1.0, -1.0], [0.0, 0.0, 2.0]]), np.array([0, 2]), 2.0, 0.5),
             public=True),
        Case("alpha 0: hard-label cross-entropy only", args=(s, t, y, 4.0, 0.0)),
        Case("alpha 1: soft term scaled by T^2", args=(s, t, y, 4.0, 1.0)),
        Case("T = 1", args=(s, t, y, 1.0, 0.7)),
        Case("high temperature", args=(s, t, y, 10.0, 0.9)),
        Case("teacher equals student: KL is 0", args=(same, same.copy(), np.array([0, 1, 3]), 3.0, 1.0),
             atol=1e-12),
        Case("large logits do not overflow", args=(np.array([[1000.0, 0.0, -1000.0], [-500.0, 500.0, 0.0]]),
                                                   np.array([[900.0, 950.0, 0.0], [0.0, 0.0, 800.0]]),
                                                   np.array([1, 2]), 2.0, 0.5)),
        Case("batch mean, not sum", args=(rng.normal(size=(10, 3)), rng.normal(size=(10, 3)),
                                          rng.integers(0, 3, size=10), 2.0, 0.3)),
    ]
