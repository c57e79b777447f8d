import numpy as np

from dlprep.exercises._harness import Case, numerical_gradient


def _loss(logits, y, w) -> float:
    nll = np.logaddexp.reduce(logits, axis=1) - logits[np.arange(len(y)), y]
    return float(np.sum(w[y] * nll) / np.sum(w[y]))


def _case(name, logits, y, w, public=False, **tol) -> Case:
    def expected():
        z = logits.astype(np.float64)
        return _loss(z, y, w), numerical_gradient(lambda t: _loss(t, y, w), z).astype(logits.dtype)

    tol = {"rtol": 1e-5, "atol": 1e-7, **tol}
    return Case(name, args=(logits, y, w), expected=expected, public=public, **tol)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261226)
    r = rng.normal
    return [
        _case("example", np.array([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3], [-1.0, 3.0, 0.0]]), np.array([0, 2, 1]),
              np.array([1.0, 2.0, 0.5]), public=True),
        _case("equal weights give the plain mean", r(size=(5, 4)), rng.integers(0, 4, 5), np.full(4, 2.0)),
        _case("divide by the sum of the weights, not by N", r(size=(6, 3)), np.array([0, 0, 0, 0, 1, 2]),
              np.array([0.1, 5.0, 2.0])),
        _case("a class absent from the batch", r(size=(4, 3)), np.array([0, 1, 0, 1]), np.array([1.0, 3.0, 100.0])),
        _case("large logits do not overflow", 500.0 * r(size=(4, 3)), rng.integers(0, 3, 4),
              np.array([0.5, 1.0, 2.0]), atol=1e-5),
        _case("float32 keeps its dtype", r(size=(4, 5)).astype(np.float32), rng.integers(0, 5, 4),
              rng.uniform(0.5, 2.0, 5), rtol=1e-4, atol=1e-6),
    ]
