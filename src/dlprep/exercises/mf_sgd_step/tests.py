import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261217)
    P, Q = rng.normal(scale=0.5, size=(4, 3)), rng.normal(scale=0.5, size=(5, 3))
    return [
        Case("example", args=(np.array([[1.0, 0.5], [0.0, 1.0]]), np.array([[0.5, 1.0], [1.0, -1.0], [2.0, 0.0]]),
                              0, 1, 4.0, 0.1, 0.01), public=True),
        Case("both updates use the old vectors", args=(P, Q, 2, 3, 5.0, 0.5, 0.0)),
        Case("L2 pulls towards zero", args=(P, Q, 1, 0, float(P[1] @ Q[0]), 0.1, 0.5)),
        Case("other rows untouched", args=(P, Q, 3, 4, -1.0, 0.05, 0.02)),
        Case("zero learning rate", args=(P, Q, 0, 0, 3.0, 0.0, 0.1)),
        Case("larger factors", args=(rng.normal(size=(6, 8)), rng.normal(size=(7, 8)), 5, 6, 2.5, 0.01, 0.05)),
    ]
