import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261214)
    lp, g = np.log(rng.uniform(0.05, 1.0, size=8)), rng.normal(2.0, 3.0, size=8)
    return [
        Case("example", args=(np.log(np.array([0.5, 0.25, 0.8])), np.array([1.0, 3.0, -2.0])), public=True),
        Case("sign: a loss to minimise", args=(np.array([-1.0, -2.0]), np.array([1.0, 1.0]))),
        Case("scalar baseline", args=(lp, g), kwargs={"baseline": 2.0}),
        Case("per-step baseline", args=(lp, g), kwargs={"baseline": rng.normal(size=8)}),
        Case("normalised advantages", args=(lp, g), kwargs={"normalize": True}),
        Case("baseline then normalise", args=(lp, g), kwargs={"baseline": rng.normal(size=8), "normalize": True}),
        Case("constant returns normalise to 0", args=(lp[:4], np.full(4, 5.0)), kwargs={"normalize": True},
             atol=1e-12),
        Case("mean over steps, not sum", args=(np.log(rng.uniform(0.1, 1.0, size=20)), rng.normal(size=20))),
    ]
