import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261201)
    return [
        Case("example", args=(np.array([-2.0, 0.0, 3.0]),), public=True),
        Case("large magnitudes: no overflow, no log(0)", args=(np.array([-1000.0, -50.0, 50.0, 1000.0]),),
             public=True),
        # sigma(40) rounds to 1.0, so log(sigma(40)) computed naively is 0 instead of -4.25e-18
        Case("log-sigmoid of large positive inputs keeps its precision", args=(np.array([20.0, 40.0]),),
             rtol=1e-6, atol=0.0),
        Case("random matrix", args=(rng.normal(scale=10, size=(4, 5)),)),
        Case("3-d input", args=(rng.normal(size=(2, 3, 4)),)),
        Case("float32 keeps its dtype (exp overflows at 88 in float32)",
             args=(np.array([-100.0, -20.0, 0.0, 20.0, 100.0], dtype=np.float32),), rtol=1e-5, atol=1e-6),
    ]
