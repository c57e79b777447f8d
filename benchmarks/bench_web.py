"""Web app latency under load: 50 concurrent clients on loopback.

    .venv/bin/python benchmarks/bench_web.py [--clients 50] [--requests 5000] [--seconds 20]

Starts ``dlprep serve`` (uvicorn, one worker) in a subprocess on a free loopback port with a
temporary database, warms the pages up, then runs a closed-loop load generator: ``--clients``
keep-alive HTTP/1.1 connections, each sending its next request as soon as the last answer is
read, until ``--requests`` answers or ``--seconds`` have passed (both bounded). The generator
is a few lines of asyncio streams rather than an HTTP library, so that on a small machine the
client costs little of the CPU the server needs. Targets: p95 < 50 ms for a topic page and for
the exercise list. Exit 1 if a target is missed or a request fails.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

TARGET_P95_MS = 50.0
PAGES = {"topic page": "/topics/batch-normalization", "exercise list": "/exercises"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def one_client(host: str, port: int, path: str, deadline: float, budget: list[int],
                     latencies: list[float], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Language: en\r\n"  # as the warm-up
               "Accept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n\r\n").encode()  # as browsers send
    try:
        while budget[0] > 0 and time.perf_counter() < deadline:
            budget[0] -= 1
            start = time.perf_counter()
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), None)
            if length is None:
                errors.append("no content-length")
                return
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - start) * 1000)
            if status != 200:
                errors.append(f"HTTP {status}")
    finally:
        writer.close()


async def load(host: str, port: int, path: str, clients: int, requests: int, seconds: float):
    latencies: list[float] = []
    errors: list[str] = []
    budget = [requests]
    start = time.perf_counter()
    await asyncio.gather(*(one_client(host, port, path, start + seconds, budget, latencies, errors)
                           for _ in range(clients)))
    return latencies, errors, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=5000, help="answers per page (bounded)")
    parser.add_argument("--seconds", type=float, default=20.0, help="time per page (bounded)")
    args = parser.parse_args()

    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="dlprep-bench-web-"))
    env = {**os.environ, "DLPREP_DB": str(tmp / "bench.db"), "DLPREP_RESULTS_DIR": str(tmp / "results")}
    dlprep = Path(sys.executable).with_name("dlprep")
    log = open(tmp / "server.log", "wb")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen([str(dlprep), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    failed = False
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    print((tmp / "server.log").read_text(errors="replace"), file=sys.stderr)
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        for path in PAGES.values():  # warm up with the load's own headers: render caches, imports
            for _ in range(5):
                request = urllib.request.Request(base + path, headers={"Accept-Language": "en"})
                urllib.request.urlopen(request, timeout=30).read()
        load1 = os.getloadavg()[0]
        print(f"{args.clients} concurrent keep-alive clients, loopback, uvicorn 1 worker, {os.cpu_count()} CPUs, "
              f"load average {load1:.1f} before the run")
        print(f"{'page':<16}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}  target")
        for name, path in PAGES.items():
            latencies, errors, elapsed = asyncio.run(
                load("127.0.0.1", port, path, args.clients, args.requests, args.seconds))
            p95 = percentile(latencies, 95)
            ok = p95 < TARGET_P95_MS and not errors
            failed |= not ok
            print(f"{name:<16}{len(latencies):>9}{len(latencies) / elapsed:>8.0f}"
                  f"{statistics.median(latencies):>9.1f}{p95:>9.1f}{percentile(latencies, 99):>9.1f}"
                  f"{max(latencies):>9.1f}  p95 < {TARGET_P95_MS:.0f} ms: {'ok' if ok else 'MISSED'}"
                  + (f"  errors: {errors[:3]}" if errors else ""))
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
