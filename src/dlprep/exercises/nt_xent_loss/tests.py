import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261212)
    base = rng.normal(size=(4, 6))
    views = np.concatenate([base + 0.1 * rng.normal(size=(4, 6)), base + 0.1 * rng.normal(size=(4, 6))])
    aligned = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    return [
        Case("example", args=(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.2], [-0.1, 1.0]]), 0.5), public=True),
        Case("pairs are (i, i + N), not neighbours", args=(views, 0.5)),
        Case("rows are L2-normalised", args=(np.array([[10.0, 0.0], [0.0, 0.1], [3.0, 0.0], [0.0, 7.0]]), 1.0)),
        Case("small temperature does not overflow", args=(aligned, 1e-3), public=True),
        Case("N = 1", args=(rng.normal(size=(2, 3)), 0.2)),
        Case("random embeddings", args=(rng.normal(size=(8, 5)), 0.1)),
        Case("temperature 1", args=(rng.normal(size=(6, 4)), 1.0)),
    ]
