import numpy as np

from dlprep.exercises._harness import Case, numerical_gradient


def _case(name: str, x, W, b, dout, public: bool = False, **tol) -> Case:
    def expected():
        x64, W64, b64, d64 = (a.astype(np.float64) for a in (x, W, b, dout))
        grads = (
            numerical_gradient(lambda t: float(np.sum((t @ W64 + b64) * d64)), x64),
            numerical_gradient(lambda t: float(np.sum((x64 @ t + b64) * d64)), W64),
            numerical_gradient(lambda t: float(np.sum((x64 @ W64 + t) * d64)), b64),
        )
        return tuple(a.astype(x.dtype) for a in (x64 @ W64 + b64, *grads))

    tol = {"rtol": 1e-5, "atol": 1e-7, **tol}
    return Case(name, args=(x, W, b, dout), expected=expected, public=public, **tol)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261204)
    r = rng.normal
    return [
        _case("example", np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 0.5]]),
              np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]), np.array([0.01, -0.02]),
              np.array([[1.0, 0.0], [0.5, -1.0]]), public=True),
        _case("random 5x4 -> 3", r(size=(5, 4)), r(size=(4, 3)), r(size=3), r(size=(5, 3))),
        _case("3 samples, 6 inputs, 2 outputs", r(size=(3, 6)), r(size=(6, 2)), r(size=2), r(size=(3, 2))),
        _case("one sample", r(size=(1, 4)), r(size=(4, 5)), r(size=5), r(size=(1, 5))),
        _case("db sums over the batch", r(size=(7, 2)), r(size=(2, 3)), r(size=3), np.ones((7, 3))),
        _case("float32 keeps its dtype", *(a.astype(np.float32) for a in
              (r(size=(4, 3)), r(size=(3, 2)), r(size=2), r(size=(4, 2)))), rtol=1e-4, atol=1e-5),
    ]
