"""Resolve ``include`` blocks: topics show real library source, never pasted copies."""

from __future__ import annotations

import importlib
import inspect
import re

INCLUDE_REF = re.compile(r"^(dlprep(?:\.[A-Za-z_]\w*)+):([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)$")


class IncludeError(ValueError):
    pass


def resolve_include(ref: str) -> str:
    """Return the source code of ``module:qualname`` (only objects inside dlprep)."""
    ref = ref.strip()
    m = INCLUDE_REF.match(ref)
    if not m:
        raise IncludeError(f"include '{ref}' must look like 'dlprep.module:Name' (an object inside dlprep)")
    module_name, qualname = m.groups()
    try:
        obj = importlib.import_module(module_name)
    except ImportError as exc:
        raise IncludeError(f"include '{ref}': cannot import {module_name} ({exc})") from exc
    for part in qualname.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise IncludeError(f"include '{ref}': {module_name} has no '{qualname}'") from None
    try:
        return inspect.getsource(obj).rstrip() + "\n"
    except (TypeError, OSError) as exc:
        raise IncludeError(f"include '{ref}': no source for this object ({exc})") from exc
