import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261215)
    small_big = [rng.normal(scale=0.01, size=(3, 4)), rng.normal(scale=1.0, size=(2, 5))]
    conv = [rng.normal(size=(2, 3, 2, 2)), rng.normal(size=(6,)), rng.normal(size=(4, 3))]

    def example():
        return [np.array([[0.5, -0.1], [0.3, -2.0]]), np.array([0.05, -0.4, 1.0, 0.02])]

    return [
        Case("example", args=(example(), 0.4), public=True),
        Case("per-layer", args=(example(), 0.4), kwargs={"scope": "layer"}, public=True),
        Case("global prunes the small layer first", args=(small_big, 0.5)),
        Case("per-layer prunes each layer alike", args=(small_big, 0.5), kwargs={"scope": "layer"}),
        Case("ties: earlier position pruned first",
             args=([np.array([1.0, -1.0, 1.0, 2.0]), np.array([-1.0, 3.0])], 0.5)),
        Case("sparsity 0 keeps all", args=(conv, 0.0)),
        Case("sparsity 1 prunes all", args=(conv, 1.0), kwargs={"scope": "layer"}),
        Case("k = round(sparsity * n): 0.29 * 100 = 28.999...", args=([rng.normal(size=(10, 10))], 0.29)),
        Case("k rounds up: 0.3 * 42 = 12.6", args=(conv, 0.3)),
        Case("4-d and 1-d layers, per-layer", args=(conv, 0.7), kwargs={"scope": "layer"}),
    ]
