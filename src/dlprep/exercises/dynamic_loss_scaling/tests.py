import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261219)
    params = [rng.normal(size=(2, 3)).astype(np.float32), rng.normal(size=4).astype(np.float32)]

    def grads(scale, inf_in=None, value=np.inf):
        g = [(rng.normal(size=p.shape) * scale * 1e-3).astype(np.float16) for p in params]
        if inf_in is not None:
            g[inf_in].flat[1] = value
        return g

    tol = {"rtol": 1e-5, "atol": 1e-6}
    return [
        Case("example", args=([np.array([1.0, -2.0], dtype=np.float32)], [np.array([512.0, -1024.0], dtype=np.float16)],
                              0.1, 1024.0, 5), kwargs={"growth_interval": 10}, public=True, **tol),
        Case("inf: skip and back off", args=(params, grads(1024.0, 0), 0.1, 1024.0, 7), public=True, **tol),
        Case("nan counts as overflow", args=(params, grads(1024.0, 0, np.nan), 0.1, 1024.0, 7), **tol),
        Case("inf in the last gradient", args=(params, grads(1024.0, 1, -np.inf), 0.1, 1024.0, 3), **tol),
        Case("update with unscaled gradients", args=(params, grads(65536.0), 0.01, 65536.0, 0), **tol),
        Case("grow after growth_interval good steps", args=(params, grads(256.0), 0.1, 256.0, 2),
             kwargs={"growth_interval": 3}, **tol),
        Case("one step short of growing", args=(params, grads(256.0), 0.1, 256.0, 1),
             kwargs={"growth_interval": 3}, **tol),
        Case("custom factors", args=(params, grads(8.0, 1), 0.1, 8.0, 0),
             kwargs={"growth_factor": 4.0, "backoff_factor": 0.25}, **tol),
    ]
