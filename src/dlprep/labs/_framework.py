"""The lab framework: configs, runs, claims, results on disk.

A lab is a module ``dlprep/labs/<name>.py`` (underscores for hyphens) with

    Config        a dataclass subclassing ``LabConfig``; ``QUICK`` holds the overrides of
                  quick mode and ``Config.quick()`` builds that configuration
    CLAIMS        a list of ``Claim``: the effect the lab demonstrates, checked on its result
    run(cfg)      -> ``LabResult``: inside ``with LabRun(__name__, cfg) as lab:`` it trains,
                  records metrics, per-epoch history, tables and figures, then returns
                  ``lab.finish(CLAIMS)``
    check(result) raises ``ClaimError`` unless every claim holds (``check_claims``)

``run_lab(name, cfg)`` runs one and saves ``result.json`` plus one PNG per figure under
``results_dir()/<name>/<mode>/``. See docs/labs.md.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import importlib
import json
import os
import pkgutil
import platform
import time
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np

MODES = ("quick", "full")
RESULT_FILE = "result.json"


# ---------------------------------------------------------------- configs

@dataclass
class LabConfig:
    """Fields every lab has. Subclasses add theirs (all with defaults) and set ``QUICK``."""

    QUICK: ClassVar[dict[str, Any]] = {}

    seed: int = 0
    device: str = "auto"  # auto (CUDA when available), cpu, cuda or cuda:N
    # torch CPU threads; 0 keeps PyTorch's default (one per physical core). One by default: the
    # labs' small models gain little from intra-op threads, and on busy cores idle threads
    # spin-wait (measured: 4-10x the CPU time for the same quick run on a shared 2-core box).
    threads: int = 1
    mode: Literal["quick", "full"] = "full"

    @classmethod
    def quick(cls, **overrides: Any):
        """The quick configuration: ``QUICK`` applied to the defaults, then ``overrides``."""
        return cls(**{**cls.QUICK, **overrides, "mode": "quick"})


class ConfigError(ValueError):
    """A bad ``key=value`` override; the message names the valid keys or the expected type."""


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _type_name(tp: Any) -> str:
    if typing.get_origin(tp) is Literal:
        return " | ".join(repr(a) for a in typing.get_args(tp))
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        inner = f"{args[0].__name__}, ..." if len(args) == 2 and args[1] is Ellipsis else \
            ", ".join(a.__name__ for a in args)
        return f"tuple[{inner}] (comma-separated)"
    return getattr(tp, "__name__", str(tp))


def _parse_scalar(text: str, tp: Any) -> Any:
    if tp is bool:
        low = text.strip().lower()
        if low in _TRUE or low in _FALSE:
            return low in _TRUE
        raise ValueError(text)
    if tp in (int, float, str):
        return tp(text.strip()) if tp is not str else text
    raise ValueError(f"unsupported field type {tp}")


def parse_value(text: str, tp: Any) -> Any:
    """Parse one override value as the field's type: bool, int, float, str, Literal, tuple, X | None."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        if text.strip().lower() in ("none", "null", ""):
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return parse_value(text, inner)
    if origin is Literal:
        for choice in args:
            if str(choice) == text.strip():
                return choice
        raise ValueError(text)
    if origin is tuple:
        parts = [p for p in text.replace(" ", "").split(",") if p != ""]
        if len(args) == 2 and args[1] is Ellipsis:
            if not parts:
                raise ValueError(text)
            return tuple(_parse_scalar(p, args[0]) for p in parts)
        if len(parts) != len(args):
            raise ValueError(text)
        return tuple(_parse_scalar(p, a) for p, a in zip(parts, args, strict=True))
    return _parse_scalar(text, tp)


def config_fields(cfg_cls: type) -> dict[str, Any]:
    """{field name: resolved type} of a config dataclass."""
    hints = typing.get_type_hints(cfg_cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cfg_cls)}


def apply_overrides(cfg: LabConfig, items: list[str]) -> LabConfig:
    """A copy of ``cfg`` with ``key=value`` items applied, each parsed as its field's type."""
    fields = config_fields(type(cfg))
    changes: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or not key:
            raise ConfigError(f"'{item}' is not key=value")
        if key == "mode":
            raise ConfigError("mode is set by --quick, not by --set")
        if key not in fields:
            valid = ", ".join(k for k in fields if k != "mode")
            raise ConfigError(f"unknown config key '{key}'; valid keys: {valid}")
        try:
            changes[key] = parse_value(value, fields[key])
        except ValueError:
            raise ConfigError(f"{key}={value!r}: expected {_type_name(fields[key])}") from None
    return dataclasses.replace(cfg, **changes)


# ---------------------------------------------------------------- claims and results

@dataclass(frozen=True)
class Claim:
    """An effect a lab demonstrates. ``check(result)`` -> (holds, detail with the measured numbers).

    ``holds`` is None when the run's configuration cannot test the claim (e.g. a depth sweep
    with one depth): the claim is then reported as skipped, neither passed nor failed.
    """

    name: str
    text: str
    check: Callable[[LabResult], tuple[bool | None, str]]


@dataclass
class ClaimResult:
    name: str
    text: str
    passed: bool | None  # None: skipped, this configuration cannot test it
    detail: str


class ClaimError(AssertionError):
    """Raised by ``check_claims`` when a claim does not hold."""


@dataclass
class LabResult:
    lab: str
    mode: str
    config: dict[str, Any]
    device: str
    seed: int
    started: str  # ISO 8601, local time with offset
    versions: dict[str, str]
    metrics: dict[str, Any] = field(default_factory=dict)  # headline numbers, JSON scalars
    history: dict[str, list[dict[str, float]]] = field(default_factory=dict)  # run name -> per-epoch records
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # table name -> rows
    claims: list[ClaimResult] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)  # PNG file names in the result's folder
    notes: list[str] = field(default_factory=list)
    wall_time_s: float = 0.0
    cpu_time_s: float = 0.0  # this process's CPU seconds: with wall time, shows contention
    _figures: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # name -> Figure

    @property
    def passed(self) -> bool:
        """No claim failed and at least one was tested."""
        return all(c.passed is not False for c in self.claims) and any(c.passed for c in self.claims)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields (the in-memory figures are left out; they are saved as PNGs)."""
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "_figures"}
        d["claims"] = [dataclasses.asdict(c) for c in self.claims]
        return _jsonable(d)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LabResult:
        d = dict(d)
        d["claims"] = [ClaimResult(**c) for c in d.get("claims", [])]
        known = {f.name for f in dataclasses.fields(cls)} - {"_figures"}
        return cls(**{k: v for k, v in d.items() if k in known})


def evaluate_claims(result: LabResult, claims: list[Claim]) -> list[ClaimResult]:
    out = []
    for claim in claims:
        try:
            passed, detail = claim.check(result)
        except Exception as exc:  # a missing metric is a failed claim, not a crash
            passed, detail = False, f"could not check: {type(exc).__name__}: {exc}"
        out.append(ClaimResult(claim.name, claim.text, None if passed is None else bool(passed), detail))
    return out


def check_claims(result: LabResult) -> LabResult:
    """Raise ``ClaimError`` listing the claims that failed; return the result if all hold."""
    failed = [c for c in result.claims if c.passed is False]
    if failed:
        lines = "\n".join(f"  {c.name}: {c.text} -- {c.detail}" for c in failed)
        raise ClaimError(f"lab {result.lab} ({result.mode}): {len(failed)} claim(s) failed:\n{lines}")
    if not any(c.passed for c in result.claims):
        raise ClaimError(f"lab {result.lab} tested no claims")
    return result


def package_versions() -> dict[str, str]:
    """Versions that matter for reproducing a run (read from metadata: importing sklearn costs seconds)."""
    from importlib.metadata import PackageNotFoundError, version

    import torch

    out = {"python": platform.python_version()}
    for dist in ("dlprep", "torch", "numpy", "scikit-learn", "matplotlib", "mlxtend"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "not installed"
    out.update({"platform": platform.platform(), "cpu_count": str(os.cpu_count()),
                "torch_threads": str(torch.get_num_threads())})
    return out


# ---------------------------------------------------------------- one run

def lab_name_of(module_name: str) -> str:
    """``dlprep.labs.knowledge_distillation`` -> ``knowledge-distillation``."""
    return module_name.rsplit(".", 1)[-1].replace("_", "-")


class LabRun:
    """Context for one lab run: threads, seeds, determinism, device, progress bars, the result.

        with LabRun(__name__, cfg) as lab:
            lab.device, lab.generator (torch, CPU), lab.rng (NumPy)
            lab.result.metrics[...] = ...;  lab.figure("curves", fig)
            with lab.progress("train", total=cfg.epochs) as advance: ... advance()
            return lab.finish(CLAIMS)
    """

    def __init__(self, module_name: str, cfg: LabConfig):
        import torch

        from dlprep.torchref.training import describe_device, resolve_device, seed_everything

        self.cfg = cfg
        self.name = lab_name_of(module_name)
        self._torch = torch
        self._threads_before = torch.get_num_threads()
        if cfg.threads > 0:
            torch.set_num_threads(cfg.threads)
        self.device = resolve_device(cfg.device)
        # CPU kernels are deterministic for a fixed thread count. On CUDA ask for deterministic
        # kernels (cuBLAS needs the workspace setting); warn_only: a few ops have none.
        self._was_deterministic = torch.are_deterministic_algorithms_enabled()
        if self.device.type == "cuda":
            os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
            torch.use_deterministic_algorithms(True, warn_only=True)
            torch.backends.cudnn.benchmark = False
        self.generator = seed_everything(cfg.seed)
        self.rng = np.random.default_rng(cfg.seed)
        self.result = LabResult(
            lab=self.name, mode=cfg.mode, config=_jsonable(dataclasses.asdict(cfg)),
            device=describe_device(self.device), seed=cfg.seed,
            started=_dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            versions=package_versions())
        self._t0, self._cpu0 = time.perf_counter(), time.process_time()
        self._progress = None

    def __enter__(self) -> LabRun:
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()
        if self.device.type == "cuda":
            self._torch.use_deterministic_algorithms(self._was_deterministic)
        self._torch.set_num_threads(self._threads_before)

    def progress(self, description: str, total: int):
        """A context manager yielding ``advance(record=None)``; a rich bar on a TTY, silent otherwise."""
        from contextlib import contextmanager

        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        if self._progress is None:
            console = Console(stderr=True)
            self._progress = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), TextColumn("{task.fields[info]}"),
                console=console, disable=not console.is_terminal)
            self._progress.start()
        bar = self._progress

        @contextmanager
        def _task():
            task = bar.add_task(f"{self.name}: {description}", total=total, info="")

            def advance(record: dict[str, float] | None = None) -> None:
                info = ""
                if record:
                    info = "  ".join(f"{k} {v:.4f}" for k, v in record.items()
                                     if k.endswith(("_acc", "_loss")) and isinstance(v, float))
                bar.update(task, advance=1, info=info)

            try:
                yield advance
            finally:
                bar.update(task, completed=total)

        return _task()

    def figure(self, name: str, fig) -> None:
        """Keep a matplotlib Figure; it is written as ``<name>.png`` when the result is saved."""
        self.result._figures[name] = fig
        if f"{name}.png" not in self.result.figures:
            self.result.figures.append(f"{name}.png")

    def finish(self, claims: list[Claim]) -> LabResult:
        self.result.wall_time_s = round(time.perf_counter() - self._t0, 2)
        self.result.cpu_time_s = round(time.process_time() - self._cpu0, 2)
        self.result.claims = evaluate_claims(self.result, claims)
        return self.result


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    return obj


# ---------------------------------------------------------------- results on disk

def results_dir() -> Path:
    """``$DLPREP_RESULTS_DIR`` if set, else ``~/.local/share/dlprep/results``."""
    return Path(os.environ.get("DLPREP_RESULTS_DIR") or Path.home() / ".local" / "share" / "dlprep" / "results")


def result_path(lab: str, mode: str, root: Path | None = None) -> Path:
    return (root or results_dir()) / lab / mode


def save_result(result: LabResult, root: Path | None = None) -> Path:
    """Write ``result.json`` and the figures to ``<root>/<lab>/<mode>/`` (replacing the last run's)."""
    folder = result_path(result.lab, result.mode, root)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        if old.name not in result.figures:
            old.unlink()
    for name, fig in result._figures.items():
        fig.savefig(folder / f"{name}.png", dpi=110)
    tmp = folder / f".{RESULT_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(_jsonable(result.to_dict()), indent=2, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    os.replace(tmp, folder / RESULT_FILE)
    return folder


def load_result(lab: str, mode: str, root: Path | None = None) -> LabResult:
    path = result_path(lab, mode, root) / RESULT_FILE
    return LabResult.from_dict(json.loads(path.read_text(encoding="utf-8")))


# ---------------------------------------------------------------- the registry

class UnknownLabError(LookupError):
    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown lab '{name}'{hint}")


def lab_names() -> list[str]:
    """Every public module of ``dlprep.labs``, hyphenated, sorted."""
    import dlprep.labs

    return sorted(m.name.replace("_", "-") for m in pkgutil.iter_modules(dlprep.labs.__path__)
                  if not m.name.startswith("_"))


def load_lab(name: str) -> types.ModuleType:
    """The lab module for ``name`` (hyphens or underscores); ``UnknownLabError`` with close matches."""
    names = lab_names()
    slug = name.replace("_", "-")
    if slug not in names:
        raise UnknownLabError(name, difflib.get_close_matches(slug, names, n=3, cutoff=0.5)
                              or [n for n in names if slug and (slug in n or n in slug)][:3])
    return importlib.import_module(f"dlprep.labs.{slug.replace('-', '_')}")


def make_config(name: str, quick: bool = False, overrides: list[str] | None = None,
                device: str | None = None) -> LabConfig:
    module = load_lab(name)
    cfg = module.Config.quick() if quick else module.Config()
    if device is not None:
        cfg = dataclasses.replace(cfg, device=device)
    return apply_overrides(cfg, overrides or [])


def run_lab(name: str, cfg: LabConfig | None = None, *, save: bool = True,
            root: Path | None = None) -> LabResult:
    """Run a lab (default config if ``cfg`` is None) and, with ``save``, write its results."""
    module = load_lab(name)
    result = module.run(cfg if cfg is not None else module.Config())
    if save:
        save_result(result, root)
    return result


def describe(module: types.ModuleType) -> str:
    """The first line of a lab module's docstring."""
    return (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""

