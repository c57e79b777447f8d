import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261223)
    yt = np.array([1, 0, 1, 1, 0, 1, 0, 0])
    yp = np.array([1, 0, 0, 1, 1, 1, 0, 0])
    mt = np.array([0, 1, 2, 2, 1, 0, 2, 1, 0])
    mp = np.array([0, 2, 2, 1, 1, 0, 2, 2, 1])
    return [
        Case("binary example", args=(yt, yp), public=True),
        Case("macro example", args=(mt, mp), kwargs={"average": "macro"}, public=True),
        Case("no positive predictions: 0/0 counts as 0", args=(np.array([1, 0, 1, 0]), np.zeros(4, dtype=np.int64))),
        Case("pos_label = 0", args=(rng.integers(0, 2, 20), rng.integers(0, 2, 20)), kwargs={"pos_label": 0}),
        Case("labels 1 and 2, pos_label = 2", args=(rng.integers(1, 3, 15), rng.integers(1, 3, 15)),
             kwargs={"pos_label": 2}),
        Case("macro F1 is the mean of the per-class F1s", args=(rng.integers(0, 4, 40), rng.integers(0, 4, 40)),
             kwargs={"average": "macro"}),
        Case("macro: a class that is only predicted counts too", args=(np.array([0, 0, 1, 1, 1, 0]),
                                                                         np.array([0, 2, 1, 1, 0, 0])),
             kwargs={"average": "macro"}),
        Case("perfect predictions", args=(np.array([3, 1, 2, 1]), np.array([3, 1, 2, 1])),
             kwargs={"average": "macro"}),
    ]
