"""Judge latency and throughput on this machine.

1. Warm pool: with every worker of the pool started and idle, the time from ``grade()``
   to its verdict, for reference solutions of a few NumPy exercises.
   Targets: median < 300 ms, p95 < 1 s.
2. Cold start: starting one sandboxed worker (bwrap + Python + NumPy import).
3. Throughput: two threads submitting back to back, as fast as the pool refills.

Run: .venv/bin/python benchmarks/bench_judge.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from dlprep.exercises.catalog import catalogue
from dlprep.judge.grader import Judge
from dlprep.judge.process import SandboxedWorker

EXERCISES = ("softmax", "layernorm-forward", "conv2d-forward", "scaled-dot-product-attention", "lstm-cell")
TARGET_MEDIAN_MS, TARGET_P95_MS = 300, 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def warm_latency(judge: Judge, work: list, rounds: int) -> list[float]:
    times = []
    for i in range(rounds):
        while judge.pool.warm() < judge.pool.size:  # a warm pool: every worker idle and ready
            time.sleep(0.005)
        exercise, code = work[i % len(work)]
        start = time.perf_counter()
        verdict = judge.grade(exercise, code)
        times.append((time.perf_counter() - start) * 1000)
        assert verdict.accepted, verdict.message
    return times


def cold_start(judge: Judge, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        worker = SandboxedWorker(judge.sandbox, judge.tag)
        worker.wait_ready()
        times.append((time.perf_counter() - start) * 1000)
        worker.destroy()
    return times


def throughput(judge: Judge, work: list, count: int) -> tuple[float, list[float]]:
    def one(i: int) -> float:
        exercise, code = work[i % len(work)]
        start = time.perf_counter()
        assert judge.grade(exercise, code).accepted
        return (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as threads:
        latencies = list(threads.map(one, range(count)))
    return count / (time.perf_counter() - start), latencies


def report(name: str, ms: list[float]) -> None:
    print(f"{name:34s} n={len(ms):4d}  median {statistics.median(ms):7.1f} ms  "
          f"p95 {percentile(ms, 0.95):7.1f} ms  max {max(ms):7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    available = catalogue()
    work = [(available[s], (available[s].folder / "solution.py").read_text()) for s in EXERCISES if s in available]
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; exercises: {[e.slug for e, _ in work]}")
    with Judge(pool_size=2) as judge:
        for exercise, _ in work:
            judge.cases(exercise)  # expected values are computed once per exercise, then cached
        warm = warm_latency(judge, work, args.rounds)
        report("warm pool: grade() latency", warm)
        report("cold start: one sandboxed worker", cold_start(judge, 20))
        rate, loaded = throughput(judge, work, args.rounds * 2)
        report("back to back, 2 threads: latency", loaded)
        print(f"throughput, 2 threads back to back: {rate:.1f} submissions/s")
    ok = statistics.median(warm) < TARGET_MEDIAN_MS and percentile(warm, 0.95) < TARGET_P95_MS
    print(f"warm-pool targets (median < {TARGET_MEDIAN_MS} ms, p95 < {TARGET_P95_MS} ms):",
          "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
