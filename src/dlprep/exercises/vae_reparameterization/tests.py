import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261207)

    def rand(B, D, dtype=np.float64):
        return tuple(a.astype(dtype) for a in (rng.normal(size=(B, D)), rng.normal(size=(B, D)),
                                              rng.normal(size=(B, D))))

    return [
        Case("example", args=(np.array([[0.0, 1.0], [0.5, -0.5]]), np.array([[0.0, np.log(4.0)], [-1.0, 0.0]]),
                              np.array([[1.0, 1.0], [-2.0, 0.5]])), public=True),
        Case("standard normal: KL 0", args=(np.zeros((2, 3)), np.zeros((2, 3)), rng.normal(size=(2, 3)))),
        Case("std is exp(logvar / 2)", args=(np.zeros((1, 2)), np.array([[2.0, -2.0]]), np.ones((1, 2)))),
        Case("sum over latent dims, one KL per sample", args=rand(4, 5)),
        Case("tiny variance", args=(rng.normal(size=(2, 3)), np.full((2, 3), -30.0), rng.normal(size=(2, 3)))),
        Case("latent dim 1", args=rand(3, 1)),
        Case("float32 keeps its dtype", args=rand(3, 4, np.float32), rtol=1e-5, atol=1e-6),
    ]
