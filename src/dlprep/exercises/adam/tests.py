import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261220)
    r = rng.normal
    p, g = np.array([1.0, -2.0, 0.5]), np.array([0.1, -4.0, 0.02])
    m, v = np.array([0.05, -0.3, 0.0]), np.array([0.01, 0.5, 0.001])
    return [
        Case("example: first step (t = 1)", args=(p, g, np.zeros(3), np.zeros(3), 1), kwargs={"lr": 0.01},
             public=True),
        Case("example: step t = 3 with state", args=(p, g, m, v, 3), kwargs={"lr": 0.01}, public=True),
        Case("late step: the bias correction fades", args=(r(size=(2, 3)), r(size=(2, 3)), 0.1 * r(size=(2, 3)),
                                                           rng.uniform(0, 0.1, (2, 3)), 1000)),
        Case("weight decay is L2, added to the gradient", args=(r(size=4), r(size=4), 0.1 * r(size=4),
                                                                rng.uniform(0, 0.1, 4), 5),
             kwargs={"lr": 0.1, "weight_decay": 0.1}),
        Case("tiny gradients: eps after the square root", args=(r(size=3), np.array([1e-10, -1e-9, 3e-10]),
                                                                np.zeros(3), np.zeros(3), 1)),
        Case("custom betas", args=(r(size=5), r(size=5), 0.1 * r(size=5), rng.uniform(0, 0.1, 5), 2),
             kwargs={"beta1": 0.5, "beta2": 0.9, "lr": 0.1}),
        Case("float32 keeps its dtype", args=(r(size=4).astype(np.float32), r(size=4).astype(np.float32),
                                              (0.1 * r(size=4)).astype(np.float32),
                                              rng.uniform(0, 0.1, 4).astype(np.float32), 7),
             rtol=1e-5, atol=1e-6),
    ]
