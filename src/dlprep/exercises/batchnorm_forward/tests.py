import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261209)
    r = rng.normal

    def bn(name, x, training, momentum=None, eps=None, public=False, dtype=np.float64, **tol):
        c = x.shape[1]
        args = tuple(a.astype(dtype) for a in (x, r(size=c), r(size=c), r(size=c), rng.uniform(0.5, 2.0, size=c)))
        kwargs = {k: v for k, v in (("momentum", momentum), ("eps", eps)) if v is not None}
        return Case(name, args=(*args, training), kwargs=kwargs, public=public, **tol)

    x_ex = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 4.0], [7.0, 0.0]])
    small_spread = np.c_[r(size=6), 3.0 + 1e-3 * r(size=6)]  # second feature: variance ~1e-6 < eps
    return [
        Case("example (training)", args=(x_ex, np.array([1.0, 2.0]), np.array([0.0, 1.0]), np.zeros(2),
                                         np.ones(2), True), public=True),
        Case("example (eval): the running statistics are used", args=(
            x_ex, np.array([1.0, 2.0]), np.array([0.0, 1.0]), np.array([4.0, 3.0]), np.array([5.0, 4.0]), False),
            public=True),
        bn("training: unbiased variance in the running buffer", r(loc=2.0, size=(3, 4)), True),
        bn("momentum is the weight of the new batch", r(scale=3.0, size=(8, 3)), True, momentum=0.3),
        bn("eps goes inside the square root", small_spread, True, eps=1e-5),
        bn("eval mode ignores the batch statistics", r(loc=-1.0, scale=2.0, size=(5, 3)), False, eps=1e-3),
        bn("4-d input: statistics per channel", r(size=(2, 3, 2, 4)), True, momentum=0.2),
        bn("4-d input in eval mode", r(size=(3, 2, 3, 3)), False),
        bn("float32 keeps its dtype", r(size=(6, 5)), True, dtype=np.float32, rtol=1e-5, atol=1e-5),
    ]
