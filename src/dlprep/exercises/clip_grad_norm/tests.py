import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261215)
    r = rng.normal
    return [
        Case("example", args=([np.array([3.0, 4.0])], 1.0), public=True),
        Case("small gradients are left alone", args=([np.array([0.3, -0.4]), np.array([[0.1]])], 5.0), public=True),
        Case("one global norm over all arrays", args=([r(size=(3, 4)), r(size=5), r(size=(2, 2, 2))], 1.0)),
        Case("all-zero gradients (no nan)", args=([np.zeros(3), np.zeros((2, 2))], 1.0)),
        Case("L1 norm", args=([r(size=4), r(size=(2, 3))], 0.5), kwargs={"norm_type": 1.0}),
        Case("infinity norm", args=([r(size=4), 3.0 * r(size=(2, 3))], 0.5), kwargs={"norm_type": float("inf")}),
        Case("large gradients", args=([1e4 * r(size=(4, 4)), 1e4 * r(size=3)], 10.0)),
        Case("float32 keeps its dtype", args=([r(size=(3, 3)).astype(np.float32), r(size=2).astype(np.float32)], 0.1),
             rtol=1e-5, atol=1e-7),
    ]
