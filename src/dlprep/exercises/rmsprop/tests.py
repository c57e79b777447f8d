import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261219)
    r = rng.normal
    return [
        Case("example: first step (no bias correction)",
             args=(np.array([1.0, -2.0, 0.5]), np.array([0.1, -4.0, 0.0]), np.zeros(3)), public=True),
        Case("with a running average", args=(r(size=(2, 3)), r(size=(2, 3)), rng.uniform(0, 2, (2, 3)))),
        Case("alpha = 0.9 weights the old average", args=(r(size=4), r(size=4), rng.uniform(0, 2, 4)),
             kwargs={"alpha": 0.9, "lr": 0.05}),
        Case("eps is added after the square root", args=(r(size=3), np.array([1e-9, -2e-9, 5e-10]), np.zeros(3))),
        Case("zero gradient on zero history: no nan", args=(r(size=3), np.zeros(3), np.zeros(3))),
        Case("weight decay is added to the gradient", args=(r(size=5), r(size=5), rng.uniform(0, 1, 5)),
             kwargs={"weight_decay": 0.1}),
        Case("float32 keeps its dtype", args=(r(size=4).astype(np.float32), r(size=4).astype(np.float32),
                                              rng.uniform(0, 1, 4).astype(np.float32)), rtol=1e-5, atol=1e-6),
    ]
