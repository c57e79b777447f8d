import numpy as np

from dlprep.exercises._harness import Case


def _probs(rng, M, N, C):
    p = rng.uniform(size=(M, N, C))
    return p / p.sum(axis=2, keepdims=True)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261218)
    example = np.array([
        [[0.9, 0.05, 0.05], [0.2, 0.5, 0.3]],
        [[0.1, 0.5, 0.4], [0.3, 0.3, 0.4]],
        [[0.2, 0.45, 0.35], [0.7, 0.2, 0.1]],
    ])
    # hard and soft disagree: two lukewarm votes for class 1, one confident vote for class 0
    disagree = np.array([[[0.9, 0.1]], [[0.45, 0.55]], [[0.4, 0.6]]])
    tie = np.array([[[0.1, 0.9, 0.0]], [[0.0, 0.2, 0.8]], [[0.3, 0.35, 0.35]], [[0.0, 0.0, 1.0]]])
    p = _probs(rng, 5, 7, 4)
    return [
        Case("example, hard", args=(example,), public=True),
        Case("example, soft", args=(example,), kwargs={"method": "soft"}, public=True),
        Case("majority beats confidence", args=(disagree,)),
        Case("soft follows confidence", args=(disagree,), kwargs={"method": "soft"}),
        Case("ties go to the lowest class", args=(tie,)),
        Case("weighted hard vote", args=(disagree,), kwargs={"weights": np.array([3.0, 1.0, 1.0])}),
        Case("weighted soft vote", args=(p,), kwargs={"method": "soft", "weights": np.array([1, 2, 0.5, 0.1, 3.0])}),
        Case("random, hard", args=(p,)),
        Case("random, weighted hard", args=(p,), kwargs={"weights": np.array([0.3, 0.2, 0.2, 0.2, 0.1])}),
    ]
