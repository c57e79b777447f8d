import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261211)
    return [
        Case("example", args=(np.array([[3.0, 4.0], [0.0, 0.0], [1.0, 0.0]]),), public=True),
        Case("zero vector gives zero, not nan", args=(np.zeros((2, 3)),), public=True),
        Case("tiny vectors stay exact", args=(np.array([[1e-5, 0.0, 0.0], [3e-9, -4e-9, 0.0]]),), atol=1e-20),
        Case("long vectors approach length 1", args=(np.array([[1e4, 0.0], [0.0, -3e5]]),)),
        Case("capsules along axis 1", args=(rng.normal(size=(2, 4, 3)),), kwargs={"axis": 1}),
        Case("random capsules", args=(rng.normal(scale=2, size=(5, 8)),)),
        Case("float32 keeps its dtype", args=(rng.normal(size=(3, 4)).astype(np.float32),), rtol=1e-5, atol=1e-7),
    ]
