"""A warm pool of single-use sandboxed workers.

Starting a sandbox and importing NumPy takes a few hundred milliseconds; the pool does
it ahead of time, in background threads, so that a submission finds a worker ready. A
worker grades exactly one submission and is then destroyed (a submission may have left
anything behind in it); a replacement starts as soon as one is taken.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import ThreadPoolExecutor

from dlprep.judge.process import SandboxedWorker
from dlprep.judge.sandbox import Sandbox, SandboxUnavailable


class WorkerPool:
    def __init__(self, sandbox: Sandbox, size: int = 2, tag: str = "dlprep-judge", result_cap: int = 16 << 20):
        """``size`` warm workers; 0 starts each worker on demand (one-shot use, like the CLI)."""
        self.sandbox, self.size, self.tag, self.result_cap = sandbox, size, tag, result_cap
        self._ready: queue.Queue[SandboxedWorker | Exception] = queue.Queue()
        self._threads = ThreadPoolExecutor(max_workers=max(1, size), thread_name_prefix="dlprep-pool")
        self._closed = threading.Event()
        for _ in range(size):
            self._threads.submit(self._start_one)

    def _new_worker(self) -> SandboxedWorker:
        worker = SandboxedWorker(self.sandbox, self.tag, self.result_cap)
        worker.wait_ready()
        return worker

    def _start_one(self) -> None:
        try:
            worker = self._new_worker()
        except Exception as exc:  # handed to the next acquire(), which reports it
            self._ready.put(exc)
            return
        if self._closed.is_set():
            worker.destroy()
        else:
            self._ready.put(worker)

    def acquire(self, timeout: float = 60.0) -> SandboxedWorker:
        """A warm worker (waiting for one to finish starting if need be)."""
        if self._closed.is_set():
            raise RuntimeError("the worker pool is closed")
        if self.size == 0:
            return self._new_worker()
        while True:
            try:
                item = self._ready.get(timeout=timeout)
            except queue.Empty:
                raise SandboxUnavailable(f"no sandboxed worker started within {timeout:.0f} s") from None
            self._threads.submit(self._start_one)  # keep the pool full
            if isinstance(item, Exception):
                raise SandboxUnavailable(f"the sandbox failed to start: {item}") from item
            if item.alive():
                return item
            self._threads.submit(item.destroy)  # died while idle: take the next one

    def warm(self) -> int:
        """How many workers are started and waiting."""
        return self._ready.qsize()

    def release(self, worker: SandboxedWorker) -> None:
        """Single use: destroy it, off the caller's path."""
        try:
            self._threads.submit(worker.destroy)
        except RuntimeError:  # the pool was closed meanwhile
            worker.destroy()

    def close(self) -> None:
        """Destroy every worker and wait for the background threads."""
        self._closed.set()
        self._threads.shutdown(wait=True)
        while True:
            try:
                item = self._ready.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, SandboxedWorker):
                item.destroy()
