"""Run one lab in quick mode for the web app, writing progress to a JSON status file.

    python -m dlprep.web.labrunner NAME --status FILE

The lab framework reports progress through ``LabRun.progress`` (a Rich bar on a terminal);
this process wraps that method so that every step is also written to FILE, which the web
page polls. Results are saved where the framework saves them (``DLPREP_RESULTS_DIR``).
Exit code: 0 when the claims hold, 1 when one fails, 2 on an error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path


def _writer(path: Path):
    state: dict = {"phase": "starting", "done": 0, "total": 0, "info": ""}

    def write(**changes) -> None:
        state.update(changes)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(tmp, path)

    return write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("name")
    parser.add_argument("--status", type=Path, required=True)
    args = parser.parse_args(argv)
    write = _writer(args.status)
    write(phase="loading")

    from dlprep.labs import _framework as fw

    original = fw.LabRun.progress

    def progress(self, description: str, total: int):
        inner = original(self, description, total)

        @contextmanager
        def wrapped():
            done = 0
            write(phase=description, done=0, total=total, info="")
            with inner as advance:
                def step(record=None) -> None:
                    nonlocal done
                    done += 1
                    advance(record)
                    info = "  ".join(f"{k} {v:.4f}" for k, v in (record or {}).items()
                                     if isinstance(v, float) and k.endswith(("_acc", "_loss")))
                    write(phase=description, done=done, total=total, info=info)

                yield step

        return wrapped()

    fw.LabRun.progress = progress
    try:
        cfg = fw.make_config(args.name, quick=True)
        result = fw.run_lab(args.name, cfg, save=True)
    except Exception:
        traceback.print_exc()
        write(phase="error", saved=False)
        return 2
    write(phase="saved", saved=True, passed=result.passed)
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
