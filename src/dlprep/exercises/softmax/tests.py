import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261123)
    return [
        Case("example", args=(np.array([1.0, 2.0, 3.0]),), public=True),
        Case("large logits do not overflow", args=(np.array([1000.0, 1001.0, 1002.0]),), public=True),
        Case("very negative logits", args=(np.array([-1000.0, -1000.0]),)),
        Case("rows of a matrix", args=(rng.normal(size=(4, 5)),)),
        Case("along axis 0", args=(rng.normal(size=(3, 6)),), kwargs={"axis": 0}),
        Case("3-d, middle axis", args=(rng.normal(scale=30, size=(2, 7, 3)),), kwargs={"axis": 1}),
        Case("float32 keeps its dtype", args=(rng.normal(size=(3, 4)).astype(np.float32),),
             rtol=1e-5, atol=1e-6),
        Case("one element", args=(np.array([[5.0]]),)),
    ]
