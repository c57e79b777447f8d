import numpy as np

from dlprep.exercises._harness import Case, numerical_gradient


def _loss(params, x, y) -> float:
    h = np.maximum(x @ params["W1"] + params["b1"], 0.0)
    scores = h @ params["W2"] + params["b2"]
    return float(np.mean(np.logaddexp.reduce(scores, axis=1) - scores[np.arange(len(y)), y]))


def _case(name, params, x, y, public=False, **tol) -> Case:
    def expected():
        grads = {}
        for k in params:
            def f(t, k=k):
                return _loss({**params, k: t}, x, y)

            grads[k] = numerical_gradient(f, params[k])
        return _loss(params, x, y), grads

    tol = {"rtol": 1e-5, "atol": 1e-7, **tol}
    return Case(name, args=(params, x, y), expected=expected, public=public, **tol)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261222)
    r = rng.normal

    def net(d, h, c, scale=1.0):
        return {"W1": scale * r(size=(d, h)), "b1": 0.1 * r(size=h), "W2": scale * r(size=(h, c)),
                "b2": 0.1 * r(size=c)}

    example = {"W1": np.array([[0.2, -0.5, 0.1, 0.4], [0.7, 0.3, -0.2, -0.1], [-0.3, 0.6, 0.5, 0.2]]),
               "b1": np.array([0.1, 0.0, -0.1, 0.05]),
               "W2": np.array([[0.3, -0.2, 0.1], [-0.4, 0.5, 0.2], [0.6, 0.1, -0.3], [0.2, -0.1, 0.4]]),
               "b2": np.array([0.0, 0.1, -0.1])}
    dead = net(3, 5, 2)
    dead["b1"][[1, 3]] = -50.0  # these hidden units never fire: their gradients are 0
    return [
        _case("example", example, np.array([[1.0, 2.0, -1.0], [0.5, -1.5, 2.0]]), np.array([2, 0]), public=True),
        _case("random 5 samples, 4 -> 6 -> 3", net(4, 6, 3), r(size=(5, 4)), rng.integers(0, 3, 5)),
        _case("large weights: a stable softmax", net(4, 5, 3, scale=15.0), r(size=(4, 4)), rng.integers(0, 3, 4),
              atol=1e-5),
        _case("one sample", net(3, 4, 2), r(size=(1, 3)), np.array([1])),
        _case("dead hidden units", dead, r(size=(4, 3)), rng.integers(0, 2, 4)),
        _case("every label the same", net(2, 3, 4), r(size=(6, 2)), np.full(6, 3)),
    ]
