import math

import numpy as np

from dlprep.exercises._harness import Case, numerical_gradient

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _forward(x: np.ndarray, name: str, alpha: float) -> np.ndarray:
    if name == "sigmoid":
        return np.exp(-np.logaddexp(0.0, -x))
    if name == "tanh":
        return np.tanh(x)
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "leaky_relu":
        return np.where(x > 0, x, alpha * x)
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))  # exact GELU


def _numeric(x: np.ndarray, name: str, alpha: float = 0.01, dtype=np.float64):
    """Values from an independent forward, derivatives from central differences."""

    def expected():
        x64 = x.astype(np.float64)
        dy = numerical_gradient(lambda z: float(np.sum(_forward(z, name, alpha))), x64)
        return _forward(x64, name, alpha).astype(dtype), dy.astype(dtype)

    return expected


def _case(name: str, x: np.ndarray, act: str, alpha: float | None = None, public: bool = False, **tol) -> Case:
    kwargs = {} if alpha is None else {"alpha": alpha}
    tol = {"rtol": 1e-5, "atol": 1e-7, **tol}
    return Case(name, args=(x, act), kwargs=kwargs, public=public,
                expected=_numeric(x, act, 0.01 if alpha is None else alpha, x.dtype), **tol)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261202)
    return [
        _case("example: tanh", np.array([-1.0, 0.0, 0.5, 2.0]), "tanh", public=True),
        _case("sigmoid", rng.normal(scale=3, size=(3, 4)), "sigmoid"),
        _case("sigmoid at +-1000: no overflow", np.array([-1000.0, 1000.0]), "sigmoid"),
        _case("relu", rng.normal(size=(2, 5)), "relu"),
        _case("leaky_relu with alpha=0.2", rng.normal(size=(4, 3)), "leaky_relu", alpha=0.2),
        _case("leaky_relu with the default alpha", rng.normal(size=6), "leaky_relu"),
        _case("gelu (exact, with erf)", rng.normal(scale=2, size=(3, 3)), "gelu"),
        _case("float32 gelu keeps its dtype", rng.normal(size=5).astype(np.float32), "gelu",
              rtol=1e-4, atol=1e-6),
        # at exactly 0 the derivative is a convention (PyTorch's): relu'(0) = 0, leaky_relu'(0) = alpha
        Case("relu at exactly 0", args=(np.array([-1.0, 0.0, 2.0]), "relu"),
             expected=(np.array([0.0, 0.0, 2.0]), np.array([0.0, 0.0, 1.0]))),
        Case("leaky_relu at exactly 0", args=(np.array([-1.0, 0.0, 2.0]), "leaky_relu"), kwargs={"alpha": 0.1},
             expected=(np.array([-0.1, 0.0, 2.0]), np.array([0.1, 0.1, 1.0]))),
    ]
