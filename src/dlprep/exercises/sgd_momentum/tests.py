import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261216)
    r = rng.normal
    p, g = np.array([1.0, 2.0, -1.0]), np.array([0.5, -1.0, 0.25])
    return [
        Case("example: first step (velocity 0)", args=(p, g, np.zeros(3), 0.1), public=True),
        Case("example: with a velocity", args=(p, g, np.array([0.2, 0.0, -0.4]), 0.1), public=True),
        Case("momentum 0 is plain SGD", args=(r(size=(2, 3)), r(size=(2, 3)), r(size=(2, 3)), 0.05),
             kwargs={"momentum": 0.0}),
        Case("weight decay is added to the gradient", args=(r(size=4), r(size=4), r(size=4), 0.1),
             kwargs={"weight_decay": 0.01}),
        Case("matrix parameter, momentum 0.99", args=(r(size=(3, 4)), r(size=(3, 4)), r(size=(3, 4)), 0.01),
             kwargs={"momentum": 0.99}),
        Case("everything at once", args=(r(size=5), r(size=5), r(size=5), 0.3),
             kwargs={"momentum": 0.5, "weight_decay": 0.2}),
        Case("float32 keeps its dtype", args=tuple(r(size=(2, 2)).astype(np.float32) for _ in range(3)) + (0.1,),
             rtol=1e-5, atol=1e-6),
    ]
