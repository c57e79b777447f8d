"""One cgroup per sandboxed worker: a memory cap, a pids cap and one CPU's worth of time.

bubblewrap has no resource limits of its own. Where the judge may create cgroups below
its own (cgroup v1 controllers, or a cgroup v2 subtree with the controllers delegated),
each worker gets one: the launcher joins it before exec'ing bwrap, so every process of
the sandbox is counted. Elsewhere ``create`` returns None and the worker's rlimits are the
only limits (docs/judge.md says what that loses).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
V1_CONTROLLERS = ("memory", "pids", "cpu")
CPU_PERIOD_US = 100_000


class WorkerCgroup:
    """The directories (one per v1 controller, or one v2 directory) of one worker's cgroup."""

    def __init__(self, dirs: dict[str, Path], unified: bool):
        self.dirs, self.unified = dirs, unified

    def _write(self, controller: str, name: str, value: str) -> None:
        (self.dirs[controller] / name).write_text(value)

    def set_limits(self, memory_bytes: int, pids: int) -> None:
        self._write("pids", "pids.max", str(pids))
        if self.unified:
            self._write("memory", "memory.max", str(memory_bytes))
            self._write_if_present("memory", "memory.swap.max", "0")
            if "cpu" in self.dirs:
                self._write("cpu", "cpu.max", f"{CPU_PERIOD_US} {CPU_PERIOD_US}")
            return
        self._write("memory", "memory.limit_in_bytes", str(memory_bytes))
        self._write_if_present("memory", "memory.memsw.limit_in_bytes", str(memory_bytes))
        if "cpu" in self.dirs:
            self._write("cpu", "cpu.cfs_period_us", str(CPU_PERIOD_US))
            self._write("cpu", "cpu.cfs_quota_us", str(CPU_PERIOD_US))

    def _write_if_present(self, controller: str, name: str, value: str) -> None:
        """For swap limits, which exist only where swap accounting is on."""
        if (self.dirs[controller] / name).exists():
            self._write(controller, name, value)

    def add(self, pid: int) -> None:
        for d in set(self.dirs.values()):
            (d / "cgroup.procs").write_text(str(pid))

    def oom_killed(self) -> bool:
        name = "memory.events" if self.unified else "memory.oom_control"
        try:
            lines = (self.dirs["memory"] / name).read_text().splitlines()
        except OSError:
            return False
        counts = dict(line.split() for line in lines if len(line.split()) == 2)
        return int(counts.get("oom_kill", "0")) > 0

    def pids(self) -> list[int]:
        found: set[int] = set()
        for d in set(self.dirs.values()):
            try:
                found |= {int(p) for p in (d / "cgroup.procs").read_text().split()}
            except OSError:
                pass
        return sorted(found)

    def destroy(self, timeout: float = 5.0) -> bool:
        """Kill whatever is left inside, then remove the directories; False if something resisted."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for pid in self.pids():
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            for d in list(set(self.dirs.values())):
                try:
                    d.rmdir()
                except FileNotFoundError:
                    pass
                except OSError:  # EBUSY while killed tasks finish exiting
                    continue
            if not any(d.exists() for d in self.dirs.values()):
                return True
            time.sleep(0.01)
        return False


def create(name: str, root: Path = CGROUP_ROOT, self_cgroup: str | None = None) -> WorkerCgroup | None:
    """A new cgroup named ``name`` below this process's own, or None where that is not allowed."""
    if self_cgroup is None:
        try:
            self_cgroup = Path("/proc/self/cgroup").read_text()
        except OSError:
            return None
    memberships = {}
    for line in self_cgroup.splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(","):
            memberships[controller] = path.lstrip("/")
    if (root / "cgroup.controllers").is_file():
        return _create_unified(root / memberships.get("", "") / name)
    dirs = {}
    for controller in V1_CONTROLLERS:
        if controller in memberships and (root / controller).is_dir():
            d = root / controller / memberships[controller] / name
            try:
                d.mkdir()
            except OSError:
                continue
            dirs[controller] = d
    if "memory" not in dirs or "pids" not in dirs:  # the two that matter; CPU is a courtesy
        WorkerCgroup(dirs, unified=False).destroy()
        return None
    return WorkerCgroup(dirs, unified=False)


def _create_unified(path: Path) -> WorkerCgroup | None:
    """Only controllers already delegated to us: we never change our own cgroup's settings."""
    try:
        path.mkdir()
        enabled = set((path / "cgroup.controllers").read_text().split())
    except OSError:
        return None
    if not {"memory", "pids"} <= enabled:
        path.rmdir()
        return None
    return WorkerCgroup({c: path for c in ("memory", "pids", "cpu") if c in enabled}, unified=True)
