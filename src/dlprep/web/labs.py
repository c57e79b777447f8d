"""Labs for the web app: what exists, the latest saved results, and quick runs in the background.

A lab is listed when its module exists (``dlprep/labs/<name>.py``) or when a topic links it;
a linked lab without a module is "not available yet". Module descriptions are read from the
source with ``ast`` so listing labs never imports torch. A run is a subprocess
(``python -m dlprep.web.labrunner``) that writes its progress to a JSON file the page polls;
one run at a time, since a lab uses every core.
"""

from __future__ import annotations

import ast
import difflib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlprep.bank.loader import Bank
from dlprep.bank.paths import lab_names as lab_files
from dlprep.labs import _framework as fw

LABS_DIR = Path(fw.__file__).parent


class UnknownLab(LookupError):
    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        super().__init__(f"unknown lab '{name}'")


@dataclass(frozen=True)
class LabInfo:
    name: str
    exists: bool
    title: str  # the first line of the module docstring
    description: str  # the rest of it
    topics: list[str]  # topics that link it
    results: dict[str, fw.LabResult | None] = field(default_factory=dict)  # mode -> latest saved result


@dataclass
class Job:
    lab: str
    process: subprocess.Popen
    status_file: Path
    log_file: Path
    started: float
    returncode: int | None = None


class LabService:
    def __init__(self, bank: Bank, results_root: Path | None = None):
        self.bank = bank
        self.results_root = results_root
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._tmp = Path(tempfile.mkdtemp(prefix="dlprep-labjobs-"))
        self._files = lab_files()  # lab modules do not appear while the app runs

    # ---- what exists ----------------------------------------------------------------------

    def root(self) -> Path:
        return self.results_root or fw.results_dir()

    def names(self) -> list[str]:
        linked = {lab for t in self.bank.topics.values() for lab in t.meta.labs}
        return sorted(self._files | linked)

    def info(self, name: str) -> LabInfo:
        names = self.names()
        if name not in names:
            raise UnknownLab(name, difflib.get_close_matches(name, names, n=3, cutoff=0.4))
        exists = name in self._files
        title, description = _docstring(LABS_DIR / f"{name.replace('-', '_')}.py") if exists else ("", "")
        topics = [s for s, t in self.bank.topics.items() if name in t.meta.labs]
        results: dict[str, fw.LabResult | None] = {}
        for mode in fw.MODES:
            try:
                results[mode] = fw.load_result(name, mode, self.root()) if exists else None
            except (OSError, ValueError, TypeError, KeyError):
                results[mode] = None
        return LabInfo(name, exists, title, description, topics, results)

    def figure_path(self, name: str, mode: str, filename: str) -> Path | None:
        """The PNG of a saved result, only if that result lists it (no other file can be served)."""
        if mode not in fw.MODES:
            return None
        info = self.info(name)
        result = info.results.get(mode)
        if result is None or filename not in result.figures or "/" in filename or not filename.endswith(".png"):
            return None
        path = fw.result_path(name, mode, self.root()) / filename
        return path if path.is_file() else None

    # ---- runs -----------------------------------------------------------------------------

    def start(self, name: str, command: list[str] | None = None) -> bool:
        """Start a quick run of ``name``; False when a run is already going. ``command`` replaces
        the runner's command line (tests)."""
        info = self.info(name)
        if not info.exists:
            raise UnknownLab(name, [])
        with self._lock:
            if any(self._poll(j) is None for j in self._jobs.values()):
                return False
            status_file = self._tmp / f"{name}.status.json"
            log_file = self._tmp / f"{name}.log"
            status_file.unlink(missing_ok=True)
            env = {**os.environ, "DLPREP_RESULTS_DIR": str(self.root())}
            cmd = command or [sys.executable, "-m", "dlprep.web.labrunner", name, "--status", str(status_file)]
            with open(log_file, "wb") as log:
                process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                           env=env, start_new_session=True)
            self._jobs[name] = Job(name, process, status_file, log_file, time.time())
        return True

    def status(self, name: str) -> dict[str, Any]:
        """{'state': idle|running|done|failed, 'phase', 'done', 'total', 'info', 'elapsed', 'log'}."""
        job = self._jobs.get(name)
        if job is None:
            return {"state": "idle"}
        code = self._poll(job)
        data: dict[str, Any] = {}
        try:
            data = json.loads(job.status_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        state = "running" if code is None else "done" if code in (0, 1) and data.get("saved") else "failed"
        out = {"state": state, "phase": data.get("phase", ""), "done": data.get("done", 0),
               "total": data.get("total", 0), "info": data.get("info", ""),
               "elapsed": round(time.time() - job.started, 1), "returncode": code, "passed": data.get("passed")}
        if state == "failed":
            out["log"] = _tail(job.log_file)
        return out

    def running(self) -> str | None:
        return next((n for n, j in self._jobs.items() if self._poll(j) is None), None)

    def close(self) -> None:
        for job in self._jobs.values():
            if self._poll(job) is None:
                job.process.terminate()
                try:
                    job.process.wait(5)
                except subprocess.TimeoutExpired:
                    job.process.kill()

    @staticmethod
    def _poll(job: Job) -> int | None:
        if job.returncode is None:
            job.returncode = job.process.poll()
        return job.returncode


def _docstring(path: Path) -> tuple[str, str]:
    try:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    except (OSError, SyntaxError):
        return "", ""
    first, _, rest = doc.strip().partition("\n")
    return first.strip(), rest.strip()


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return text[-chars:]
