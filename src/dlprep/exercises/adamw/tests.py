import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261221)
    r = rng.normal
    p, g = np.array([1.0, -2.0, 0.5]), np.array([0.1, -4.0, 0.02])
    m, v = np.array([0.05, -0.3, 0.0]), np.array([0.01, 0.5, 0.001])
    return [
        Case("example: first step (t = 1)", args=(p, g, np.zeros(3), np.zeros(3), 1),
             kwargs={"lr": 0.01, "weight_decay": 0.1}, public=True),
        Case("example: step t = 3 with state", args=(p, g, m, v, 3), kwargs={"lr": 0.01, "weight_decay": 0.1},
             public=True),
        Case("zero gradient: the weights still shrink", args=(r(size=4), np.zeros(4), np.zeros(4), np.zeros(4), 1),
             kwargs={"lr": 0.1, "weight_decay": 0.5}),
        Case("the decay stays out of the moments", args=(r(size=(2, 3)), r(size=(2, 3)), 0.1 * r(size=(2, 3)),
                                                         rng.uniform(0, 0.1, (2, 3)), 4),
             kwargs={"lr": 0.05, "weight_decay": 0.3}),
        Case("weight_decay = 0 is Adam", args=(r(size=5), r(size=5), 0.1 * r(size=5), rng.uniform(0, 0.1, 5), 2),
             kwargs={"weight_decay": 0.0}),
        Case("default hyper-parameters, late step", args=(r(size=3), r(size=3), 0.1 * r(size=3),
                                                          rng.uniform(0, 0.1, 3), 500)),
        Case("float32 keeps its dtype", args=(r(size=4).astype(np.float32), r(size=4).astype(np.float32),
                                              (0.1 * r(size=4)).astype(np.float32),
                                              rng.uniform(0, 0.1, 4).astype(np.float32), 7),
             kwargs={"lr": 0.01}, rtol=1e-5, atol=1e-6),
    ]
