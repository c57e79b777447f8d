"""Resource limits for grading one submission."""

from __future__ import annotations

import math
from dataclasses import dataclass

MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    wall_per_call_s: float = 2.0  # loading the module, and each call: judge's clock, then kill
    wall_total_s: float = 20.0  # the whole submission
    cpu_s: float = 10.0  # CPU seconds for the whole submission after warm-up (RLIMIT_CPU)
    memory_mb: int = 256  # memory the submission may add on top of the warm interpreter
    pids: int = 32  # processes + threads in the sandbox (pids cgroup; RLIMIT_NPROC backstop)
    output_kb: int = 256  # everything written to stdout and stderr
    result_mb: int = 16  # one returned value, as a frame on the wire
    file_mb: int = 8  # largest file the submission may write (RLIMIT_FSIZE)
    open_files: int = 64  # RLIMIT_NOFILE

    def for_worker(self) -> dict[str, int]:
        """The rlimits the worker applies to itself before running the submission."""
        return {
            "cpu_s": max(1, math.ceil(self.cpu_s)),
            "memory_bytes": self.memory_mb * MiB,
            "pids": self.pids,
            "file_bytes": self.file_mb * MiB,
            "open_files": self.open_files,
        }
