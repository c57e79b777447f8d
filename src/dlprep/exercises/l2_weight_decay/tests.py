import numpy as np

from dlprep.exercises._harness import Case, numerical_gradient


def _case(name, params, grads, weight_decay, exclude=None, public=False, **tol) -> Case:
    skip = exclude or []

    def expected():
        def penalty_of(w):
            return 0.5 * weight_decay * float(np.sum(w.astype(np.float64) ** 2))

        penalty = sum(penalty_of(w) for k, w in params.items() if k not in skip)
        new_grads = {k: (g if k in skip else g + numerical_gradient(penalty_of, params[k])).astype(g.dtype)
                     for k, g in grads.items()}
        return float(penalty), new_grads

    kwargs = {} if exclude is None else {"exclude": exclude}
    tol = {"rtol": 1e-6, "atol": 1e-8, **tol}
    return Case(name, args=(params, grads, weight_decay), kwargs=kwargs, expected=expected, public=public, **tol)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261214)
    r = rng.normal

    def model(dtype=np.float64):
        shapes = {"W1": (3, 4), "b1": (4,), "W2": (4, 2), "b2": (2,)}
        return ({k: r(size=s).astype(dtype) for k, s in shapes.items()},
                {k: r(size=s).astype(dtype) for k, s in shapes.items()})

    example_params = {"W": np.array([[1.0, -2.0], [3.0, 0.5]]), "b": np.array([0.1, -0.1])}
    example_grads = {"W": np.array([[0.2, 0.0], [-0.1, 0.3]]), "b": np.array([0.05, 0.05])}
    return [
        _case("example", example_params, example_grads, 0.1, exclude=["b"], public=True),
        _case("every parameter decays when nothing is excluded", *model(), 0.01),
        _case("weight_decay = 0 changes nothing", *model(), 0.0),
        _case("biases excluded", *model(), 0.05, exclude=["b1", "b2"]),
        _case("a strong decay", *model(), 2.0, exclude=["b2"]),
        _case("float32 gradients keep their dtype", *model(np.float32), 0.1, exclude=["b1"], rtol=1e-5, atol=1e-6),
    ]
