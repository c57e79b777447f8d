"""``dlprep lab ...``: list, run and show the labs.

    dlprep lab list
    dlprep lab config NAME                     fields, types, defaults, quick values
    dlprep lab run NAME [--quick] [--device auto|cpu|cuda] [--set key=value ...] [--no-save]
    dlprep lab show NAME [--mode quick|full]   the latest saved results and figure paths

Also runnable as ``python -m dlprep.labs._cli ...``. Exit codes: 0 ok; 1 a claim failed (run)
or nothing saved yet (show); 2 bad usage (unknown lab, unknown config key, bad value).
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dlprep.labs import _framework as fw

lab_app = typer.Typer(help="Labs: experiments that measure what the topics claim.", no_args_is_help=True,
                      add_completion=False)
console = Console()
err = Console(stderr=True)

Name = Annotated[str, typer.Argument(help="lab name, e.g. cnn (dlprep lab list)")]


def _module_or_exit(name: str):
    try:
        return fw.load_lab(name)
    except fw.UnknownLabError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        err.print(f"Labs: {', '.join(fw.lab_names())}")
        raise typer.Exit(2) from None


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, list | tuple):
        return ",".join(_fmt(x) for x in v)
    return str(v)


@lab_app.command("list")
def list_labs() -> None:
    """All labs, what each shows, and whether saved results pass their claims."""
    table = Table(title="dlprep labs")
    for col in ("lab", "what it shows", "quick", "full"):
        table.add_column(col)
    for name in fw.lab_names():
        module = fw.load_lab(name)
        cells = []
        for mode in fw.MODES:
            try:
                res = fw.load_result(name, mode)
            except (OSError, ValueError, TypeError):
                cells.append("-")
                continue
            mark = "[green]pass[/green]" if res.passed else "[red]FAIL[/red]"
            cells.append(f"{mark} {res.started[:10]} {res.wall_time_s:.0f}s")
        table.add_row(name, fw.describe(module), *cells)
    console.print(table)


@lab_app.command("config")
def config(name: Name) -> None:
    """A lab's configuration fields: type, full-mode default, quick-mode value."""
    module = _module_or_exit(name)
    full, quick = module.Config(), module.Config.quick()
    table = Table(title=f"{fw.lab_name_of(module.__name__)} config (--set key=value)")
    for col in ("key", "type", "full", "quick"):
        table.add_column(col)
    for key, tp in fw.config_fields(module.Config).items():
        table.add_row(key, escape(fw._type_name(tp)), escape(_fmt(getattr(full, key))),
                      escape(_fmt(getattr(quick, key))))
    console.print(table)


def _print_result(res: fw.LabResult, folder=None) -> None:
    console.print(f"[bold]{res.lab}[/bold] ({res.mode}) on {res.device}, seed {res.seed}, "
                  f"{res.wall_time_s:.1f} s wall ({res.cpu_time_s:.1f} s CPU), {res.started}")
    metrics = Table(title="metrics", show_header=False)
    for k, v in res.metrics.items():
        metrics.add_row(k, escape(_fmt(v)))
    console.print(metrics)
    for tname, rows in res.tables.items():
        if not rows:
            continue
        t = Table(title=tname)
        for col in rows[0]:
            t.add_column(str(col))
        for row in rows:
            t.add_row(*(escape(_fmt(row.get(col))) for col in rows[0]))
        console.print(t)
    for c in res.claims:
        mark = {True: "[green]PASS[/green]", False: "[red]FAIL[/red]", None: "[yellow]SKIP[/yellow]"}[c.passed]
        console.print(f"{mark} {c.name}: {escape(c.text)}\n      {escape(c.detail)}")
    for note in res.notes:
        console.print(f"note: {escape(note)}")
    if folder is not None:
        console.print(f"saved to {folder}")
        for fig in res.figures:
            console.print(f"  {folder / fig}")


@lab_app.command()
def run(
    name: Name,
    quick: Annotated[bool, typer.Option("--quick", help="small data, few epochs (seconds)")] = False,
    device: Annotated[str, typer.Option(help="auto (CUDA if available), cpu, cuda or cuda:N")] = "auto",
    set_: Annotated[list[str] | None, typer.Option(
        "--set", "-s", help="override a config field, key=value (repeatable; see dlprep lab config NAME)")] = None,
    save: Annotated[bool, typer.Option("--save/--no-save", help="write results and figures")] = True,
) -> None:
    """Run a lab, print its metrics and claims, save result.json and figures."""
    module = _module_or_exit(name)
    lab = fw.lab_name_of(module.__name__)
    try:
        cfg = fw.make_config(lab, quick=quick, overrides=set_ or [], device=device)
        from dlprep.torchref.training import resolve_device

        resolve_device(cfg.device)
    except (fw.ConfigError, ValueError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    changed = {f.name: getattr(cfg, f.name) for f in dataclasses.fields(cfg)
               if getattr(cfg, f.name) != getattr(module.Config(), f.name)}
    err.print(escape(f"running {lab} ({cfg.mode})" + (f" with {changed}" if changed else "")))
    result = fw.run_lab(lab, cfg, save=save)
    _print_result(result, fw.result_path(result.lab, result.mode) if save else None)
    if not result.passed:
        raise typer.Exit(1)


@lab_app.command()
def show(
    name: Name,
    mode: Annotated[str | None, typer.Option(help="quick or full (default: both that exist)")] = None,
) -> None:
    """The latest saved results of a lab: metrics, tables, claims and figure paths."""
    module = _module_or_exit(name)
    lab = fw.lab_name_of(module.__name__)
    if mode is not None and mode not in fw.MODES:
        err.print(f"[red]error:[/red] --mode must be quick or full, not '{mode}'")
        raise typer.Exit(2)
    shown = 0
    for m in [mode] if mode else fw.MODES:
        try:
            res = fw.load_result(lab, m)
        except FileNotFoundError:
            continue
        _print_result(res, fw.result_path(lab, m))
        shown += 1
    if not shown:
        err.print(f"no saved results for {lab} in {fw.results_dir()}; run: dlprep lab run {lab} --quick")
        raise typer.Exit(1)


if __name__ == "__main__":
    lab_app()
