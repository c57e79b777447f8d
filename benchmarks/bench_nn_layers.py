"""NumPy layers against PyTorch CPU: forward + backward time on the same shapes and thread count.

    .venv/bin/python benchmarks/bench_nn_layers.py [--threads N] [--dtype float32|float64] [--repeats R]

Prints the median over R runs for each side (the two take turns, so background load affects both
alike) and the ratio numpy / torch, with the target ratio.
Both sides use the same number of threads: NumPy's BLAS is limited with threadpoolctl, torch with
torch.set_num_threads.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
import torch
from threadpoolctl import threadpool_info, threadpool_limits

from dlprep.nn.conv import Conv2d
from dlprep.nn.layers import Linear


def median_ms(steps: list[Callable[[], object]], repeats: int, warmup: int = 3) -> list[float]:
    """Median wall time of each step; the steps take turns so that load changes hit all of them alike."""
    for _ in range(warmup):
        for step in steps:
            step()
    times = [[] for _ in steps]
    for _ in range(repeats):
        for step, record in zip(steps, times, strict=True):
            start = time.perf_counter()
            step()
            record.append(time.perf_counter() - start)
    return [1e3 * float(np.median(record)) for record in times]


def numpy_step(layer, x: np.ndarray, dout: np.ndarray) -> Callable[[], object]:
    def step():
        layer.forward(x, training=True)
        return layer.backward(dout)

    return step


def torch_step(layer: torch.nn.Module, x: np.ndarray, dout: np.ndarray) -> Callable[[], object]:
    x_t = torch.from_numpy(x).requires_grad_()  # so torch also computes dx, as ours does
    dout_t = torch.from_numpy(dout)

    def step():
        x_t.grad = None
        layer.zero_grad(set_to_none=True)
        layer(x_t).backward(dout_t)
        return x_t.grad

    return step


def benchmarks(dtype) -> list[tuple[str, float, object, object, np.ndarray]]:
    """(name, target ratio, ours, theirs, x) for each layer, with the same weights on both sides."""
    rng = np.random.default_rng(0)
    conv = Conv2d(16, 32, 3, padding=1, rng=0, dtype=dtype)
    conv_t = torch.nn.Conv2d(16, 32, 3, padding=1)
    linear = Linear(512, 512, rng=0, dtype=dtype)
    linear_t = torch.nn.Linear(512, 512)
    for ours, theirs in ((conv, conv_t), (linear, linear_t)):
        theirs.to(torch.float32 if dtype == np.float32 else torch.float64)
        with torch.no_grad():
            theirs.weight.copy_(torch.from_numpy(ours.weight.data))
            theirs.bias.copy_(torch.from_numpy(ours.bias.data))
    return [
        ("Conv2d 32x16x28x28 -> 32, k3 p1", 3.0, conv, conv_t, rng.standard_normal((32, 16, 28, 28)).astype(dtype)),
        ("Linear 256x512 -> 512", 1.5, linear, linear_t, rng.standard_normal((256, 512)).astype(dtype)),
    ]


def main() -> None:
    blas_threads = max(info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=blas_threads)
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    dtype = np.dtype(args.dtype)
    torch.set_num_threads(args.threads)

    print(f"threads={args.threads} dtype={dtype} repeats={args.repeats} (median, forward + backward)")
    print(f"{'layer':34} {'numpy ms':>9} {'torch ms':>9} {'ratio':>6} {'target':>7}")
    with threadpool_limits(limits=args.threads, user_api="blas"):
        for name, target, ours, theirs, x in benchmarks(dtype):
            out_shape = ours.forward(x).shape
            dout = np.random.default_rng(1).standard_normal(out_shape).astype(dtype)
            ours_ms, theirs_ms = median_ms([numpy_step(ours, x, dout), torch_step(theirs, x, dout)], args.repeats)
            ratio = ours_ms / theirs_ms
            verdict = "ok" if ratio <= target else "SLOW"
            print(f"{name:34} {ours_ms:9.2f} {theirs_ms:9.2f} {ratio:6.2f} {'<=' + str(target):>7} {verdict}")


if __name__ == "__main__":
    main()
