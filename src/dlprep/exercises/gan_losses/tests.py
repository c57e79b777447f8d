import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261208)
    return [
        Case("example", args=(np.array([2.0, 0.0, -1.0]), np.array([-3.0, 1.0])), public=True),
        Case("zero logits: log 2", args=(np.zeros(4), np.zeros(4))),
        Case("confident and right: no overflow", args=(np.array([800.0, 1000.0]), np.array([-900.0, -1000.0])),
             public=True),
        Case("confident and wrong: finite large loss", args=(np.array([-800.0, 5.0]), np.array([1000.0, -2.0]))),
        Case("different real and fake batch sizes", args=(rng.normal(size=7), rng.normal(size=3))),
        Case("random logits", args=(rng.normal(scale=3, size=16), rng.normal(scale=3, size=16))),
        Case("2-d logits, mean over all", args=(rng.normal(size=(4, 1)), rng.normal(size=(4, 1)))),
    ]
