import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261203)

    def params(B, D, H, scale=0.5, dtype=np.float64):
        return tuple(a.astype(dtype) for a in (
            rng.normal(size=(B, D)), rng.normal(size=(B, H)), rng.normal(size=(B, H)),
            rng.normal(scale=scale, size=(D, 4 * H)), rng.normal(scale=scale, size=(H, 4 * H)),
            rng.normal(scale=0.1, size=4 * H)))

    # H = 1 with distinct pre-activations per gate (0.5, -1, 2, 1): any other gate order gives other numbers
    gate_order = (np.array([[1.0]]), np.array([[0.0]]), np.array([[0.8]]),
                  np.array([[0.5, -1.0, 2.0, 1.0]]), np.zeros((1, 4)), np.zeros(4))
    return [
        Case("example", args=(np.array([[1.0, -1.0]]), np.array([[0.5]]), np.array([[-0.3]]),
                              np.array([[0.2, 0.4, -0.3, 0.1], [0.1, -0.2, 0.5, 0.3]]),
                              np.array([[0.3, -0.1, 0.2, 0.4]]), np.array([0.0, 1.0, 0.0, 0.0])),
             public=True),
        Case("gate order i, f, g, o", args=gate_order, public=True),
        Case("batch, D != H", args=params(3, 4, 2)),
        Case("previous cell state matters", args=params(2, 3, 3)),
        Case("large pre-activations, no overflow", args=params(2, 3, 2, scale=300.0)),
        Case("float32 keeps its dtype", args=params(2, 3, 4, dtype=np.float32), rtol=1e-5, atol=1e-6),
        Case("bias only", args=(np.zeros((1, 2)), np.zeros((1, 2)), np.array([[1.0, -2.0]]),
                                np.zeros((2, 8)), np.zeros((2, 8)),
                                np.array([1.0, -1.0, 3.0, 0.0, 0.5, 2.0, -0.5, 0.2]))),
    ]
