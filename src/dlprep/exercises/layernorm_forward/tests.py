import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261211)
    r = rng.normal

    def ln(name, x, eps=None, public=False, dtype=np.float64, **tol):
        d = x.shape[-1]
        kwargs = {} if eps is None else {"eps": eps}
        return Case(name, args=tuple(a.astype(dtype) for a in (x, r(size=d), r(size=d))), kwargs=kwargs,
                    public=public, **tol)

    return [
        Case("example", args=(np.array([[1.0, 2.0, 3.0, 4.0], [2.0, -2.0, 0.0, 4.0]]), np.array([1.0, 1.0, 2.0, 0.5]),
                              np.array([0.0, 0.1, 0.0, -0.1])), public=True),
        ln("3-d input normalises the last axis only", r(size=(2, 3, 5))),
        ln("a wide batch (normalise rows, not columns)", r(size=(6, 3))),
        ln("eps goes inside the square root", 1e-2 * r(size=(3, 4)), eps=1e-3),
        # E[x^2] - E[x]^2 cancels catastrophically here: compute the variance from centred values
        ln("large offset: no catastrophic cancellation", 1e4 + 1e-2 * r(size=(3, 8))),
        ln("one feature: the output is beta", r(size=(4, 1))),
        ln("float32 keeps its dtype", r(size=(3, 8)), dtype=np.float32, rtol=1e-5, atol=1e-5),
    ]
