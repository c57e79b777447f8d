import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261218)
    r = rng.normal
    return [
        Case("example: first step", args=(np.array([1.0, -2.0, 0.5]), np.array([0.1, -4.0, 0.0]), np.zeros(3)),
             kwargs={"lr": 0.1}, public=True),
        Case("accumulated squares shrink the step", args=(r(size=(2, 3)), r(size=(2, 3)), rng.uniform(1, 10, (2, 3))),
             kwargs={"lr": 0.5}),
        Case("zero gradient on zero history: no nan", args=(r(size=4), np.zeros(4), np.zeros(4))),
        Case("eps is added after the square root", args=(r(size=3), np.array([1e-9, -2e-9, 5e-10]), np.zeros(3))),
        Case("weight decay is added to the gradient", args=(r(size=5), r(size=5), rng.uniform(0, 2, 5)),
             kwargs={"lr": 0.1, "weight_decay": 0.1}),
        Case("default hyper-parameters", args=(r(size=(3, 2)), r(size=(3, 2)), rng.uniform(0, 1, (3, 2)))),
        Case("float32 keeps its dtype", args=(r(size=4).astype(np.float32), r(size=4).astype(np.float32),
                                              rng.uniform(0, 1, 4).astype(np.float32)), rtol=1e-5, atol=1e-6),
    ]
