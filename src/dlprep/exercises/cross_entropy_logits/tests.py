import numpy as np

from dlprep.exercises._harness import Case, numerical_gradient


def _loss(logits: np.ndarray, y: np.ndarray) -> float:
    lse = np.logaddexp.reduce(logits, axis=1)
    return float(np.mean(lse - logits[np.arange(len(y)), y]))


def _case(name: str, logits: np.ndarray, y: np.ndarray, public: bool = False, **tol) -> Case:
    def expected():
        z = logits.astype(np.float64)
        grad = numerical_gradient(lambda t: _loss(t, y), z)
        return _loss(z, y), grad.astype(logits.dtype)

    tol = {"rtol": 1e-5, "atol": 1e-7, **tol}
    return Case(name, args=(logits, y), expected=expected, public=public, **tol)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261203)
    return [
        _case("example", np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]]), np.array([0, 1]), public=True),
        _case("large logits do not overflow", np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]]),
              np.array([2, 0]), public=True, atol=1e-6),
        _case("mean over a batch of 6", rng.normal(size=(6, 4)), rng.integers(0, 4, 6)),
        _case("3 samples, 7 classes", rng.normal(scale=2, size=(3, 7)), np.array([6, 0, 3])),
        _case("one sample", rng.normal(size=(1, 5)), np.array([4])),
        _case("one class: the loss is 0", rng.normal(size=(4, 1)), np.zeros(4, dtype=np.int64)),
        _case("confident logits", rng.normal(scale=40, size=(5, 3)), rng.integers(0, 3, 5), atol=1e-6),
        _case("float32 keeps its dtype", rng.normal(size=(4, 3)).astype(np.float32), rng.integers(0, 3, 4),
              rtol=1e-4, atol=1e-6),
    ]
