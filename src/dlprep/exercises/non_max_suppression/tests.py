import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261210)
    xy = rng.uniform(0, 20, size=(30, 2))
    many = np.concatenate([xy, xy + rng.uniform(3, 8, size=(30, 2))], axis=1)
    # IoU([0,0,2,1], [0,0,1,1]) is exactly 0.5
    boundary = np.array([[0.0, 0.0, 2.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
    chain = np.array([[0.0, 0.0, 2.0, 2.0], [0.5, 0.0, 2.5, 2.0], [1.0, 0.0, 3.0, 2.0]])
    return [
        Case("example", args=(np.array([[0.0, 0.0, 10.0, 10.0], [1.0, 1.0, 11.0, 11.0],
                                        [20.0, 20.0, 30.0, 30.0], [0.0, 0.0, 9.0, 10.0]]),
                              np.array([0.9, 0.8, 0.7, 0.95]), 0.5), public=True),
        Case("output in score order, not index order", args=(np.array([[0.0, 0.0, 1.0, 1.0], [5.0, 5.0, 6.0, 6.0],
                                                                        [9.0, 9.0, 10.0, 10.0]]),
                                                              np.array([0.1, 0.9, 0.5]), 0.5)),
        Case("IoU equal to the threshold is kept", args=(boundary, np.array([0.9, 0.8]), 0.5)),
        Case("suppressed boxes do not suppress", args=(chain, np.array([0.9, 0.8, 0.7]), 0.5)),
        Case("equal scores: lower index first", args=(np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 1.0],
                                                                [4.0, 4.0, 5.0, 5.0]]),
                                                      np.array([0.5, 0.5, 0.5]), 0.3)),
        Case("no boxes", args=(np.zeros((0, 4)), np.zeros(0), 0.5)),
        Case("threshold 0: any overlap suppresses", args=(many[:10], rng.uniform(size=10), 0.0)),
        Case("many random boxes", args=(many, rng.uniform(size=30), 0.3)),
    ]
