import numpy as np

from dlprep.exercises._harness import Case


def _random_boxes(rng, n):
    xy = rng.uniform(0, 10, size=(n, 2))
    wh = rng.uniform(0.5, 5, size=(n, 2))
    return np.concatenate([xy, xy + wh], axis=1)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261209)
    return [
        Case("example", args=(np.array([[0.0, 0.0, 2.0, 2.0], [1.0, 1.0, 3.0, 3.0]]),
                              np.array([[1.0, 1.0, 2.0, 2.0], [0.0, 0.0, 2.0, 2.0], [5.0, 5.0, 6.0, 6.0]])),
             public=True),
        Case("disjoint boxes: 0, not negative", args=(np.array([[0.0, 0.0, 1.0, 1.0]]),
                                                      np.array([[3.0, 3.0, 4.0, 5.0], [2.0, -5.0, 3.0, -4.0]]))),
        Case("disjoint along one axis only", args=(np.array([[0.0, 0.0, 1.0, 4.0]]),
                                                   np.array([[2.0, 1.0, 3.0, 2.0]]))),
        Case("touching edges", args=(np.array([[0.0, 0.0, 1.0, 1.0]]), np.array([[1.0, 0.0, 2.0, 1.0]]))),
        Case("contained and identical", args=(np.array([[0.0, 0.0, 4.0, 4.0]]),
                                              np.array([[1.0, 1.0, 2.0, 2.0], [0.0, 0.0, 4.0, 4.0]]))),
        Case("zero-area boxes", args=(np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 2.0, 0.0]]),
                                      np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 2.0, 2.0]]))),
        Case("no boxes on one side", args=(np.zeros((0, 4)), _random_boxes(rng, 3))),
        Case("random N x M", args=(_random_boxes(rng, 5), _random_boxes(rng, 4))),
    ]
