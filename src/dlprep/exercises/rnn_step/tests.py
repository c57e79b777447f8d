import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261201)

    def params(B, D, H, scale=0.5, dtype=np.float64):
        return tuple(a.astype(dtype) for a in (
            rng.normal(size=(B, D)), rng.normal(size=(B, H)),
            rng.normal(scale=scale, size=(D, H)), rng.normal(scale=scale, size=(H, H)),
            rng.normal(scale=0.1, size=H)))

    return [
        Case("example", args=(np.array([[1.0, -1.0]]), np.array([[0.5, 0.0, -0.5]]),
                              np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]),
                              np.array([[0.1, 0.0, 0.0], [0.0, 0.2, 0.0], [0.0, 0.0, 0.3]]),
                              np.array([0.0, 0.1, -0.1])), public=True),
        Case("zero state: only input and bias", args=(np.array([[2.0, 0.0, 1.0]]), np.zeros((1, 2)),
                                                      np.array([[0.5, -0.5], [9.0, 9.0], [0.25, 0.25]]),
                                                      np.eye(2), np.array([0.1, -0.1]))),
        Case("batch, D != H", args=params(4, 3, 5)),
        Case("square weights: transposing them is wrong", args=params(3, 4, 4)),
        Case("large pre-activations saturate, no overflow", args=params(2, 3, 4, scale=400.0)),
        Case("float32 keeps its dtype", args=params(3, 2, 3, dtype=np.float32), rtol=1e-5, atol=1e-6),
        Case("hidden size 1", args=params(5, 2, 1)),
    ]
