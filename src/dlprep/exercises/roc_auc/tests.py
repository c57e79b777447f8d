import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261224)

    def noisy(n, ties=False):
        y = rng.integers(0, 2, n)
        s = y + rng.normal(scale=1.5, size=n)
        return y, (np.round(s, 1) if ties else s)

    return [
        Case("example with a tie", args=(np.array([0, 0, 1, 1, 0, 1]), np.array([0.1, 0.4, 0.35, 0.8, 0.35, 0.9])),
             public=True),
        Case("perfect ranking", args=(np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.3, 0.4]))),
        Case("reversed ranking", args=(np.array([1, 1, 0, 0, 0]), np.array([-2.0, -1.0, 0.5, 1.0, 3.0]))),
        Case("all scores equal", args=(np.array([0, 1, 1, 0, 1]), np.full(5, 0.7))),
        Case("many ties (rounded scores)", args=noisy(300, ties=True)),
        Case("no ties", args=noisy(50)),
        Case("one positive", args=(np.array([0, 0, 0, 1, 0, 0]), np.array([0.5, 0.2, 0.9, 0.6, 0.6, 0.1]))),
        Case("4000 samples", args=noisy(4000, ties=True)),
    ]
