"""The practice commands of the ``dlprep`` CLI: exercises, practice, submit, hint, progress, attempts.

Each command is a thin call into ``dlprep.practice.Practice``; this module only prints.
Text that comes from a submission (tracebacks, output, values) is printed as plain text,
never as Rich markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlprep.exercises.catalog import UnknownExerciseError
from dlprep.judge.verdict import Status, Verdict
from dlprep.practice import Practice, SubmissionTooLarge

console = Console()
err = Console(stderr=True)
Lang = Annotated[str, typer.Option("--lang", "-l", help="zh or en")]
STATUS_STYLE = {Status.ACCEPTED: "bold green", Status.WRONG_ANSWER: "bold red", Status.COMPILE_ERROR: "bold red",
                Status.RUNTIME_ERROR: "bold red", Status.JUDGE_ERROR: "bold magenta"}


@contextmanager
def _practice(lang: str = "zh") -> Iterator[Practice]:
    """The service, with the CLI's usage errors: a bad language or an unknown exercise exit 2."""
    if lang not in ("zh", "en"):
        err.print(f"[red]error:[/red] --lang must be 'zh' or 'en', not '{lang}'")
        raise typer.Exit(2)
    try:
        with Practice(pool_size=0) as practice:  # one submission per run: no warm pool to keep
            yield practice
    except UnknownExerciseError as exc:
        err.print(f"[red]error:[/red] {exc}")
        if not exc.suggestions:
            err.print("Run [bold]dlprep exercises[/bold] for the list.")
        raise typer.Exit(2) from None


def exercises() -> None:
    """List the exercises, with what you have solved."""
    with _practice() as practice:
        infos = practice.exercises()
    table = Table(title="dlprep exercises")
    for col in ("slug", "中文", "English", "topic", "level", "status"):
        table.add_column(col)
    for info in infos:
        status = ("[green]solved[/green]" if info.solved
                  else f"[yellow]tried {info.attempts}×[/yellow]" if info.attempts else "[dim]new[/dim]")
        table.add_row(info.slug, info.title["zh"], info.title["en"], info.topic, "★" * info.difficulty, status)
    console.print(table)
    console.print(f"{len(infos)} exercises; {sum(i.solved for i in infos)} solved. "
                  "Start one with [bold]dlprep practice SLUG[/bold].")


def practice(
    slug: str,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="where to write the starter")] = None,
    lang: Lang = "zh",
    force: Annotated[bool, typer.Option("--force", help="replace an existing file with the starter")] = False,
) -> None:
    """Show an exercise and write its starter code to a file (never overwritten without --force)."""
    with _practice(lang) as service:
        info = service.exercise(slug)
        console.rule(f"[bold]{info.slug}[/bold]: {info.title[lang]}  {'★' * info.difficulty}")
        console.print(Markdown(service.problem(slug, lang), code_theme="monokai"))
        shown = service.hints(slug, lang)
        target = out or Path(service.starter_filename(slug))
        if target.exists() and not force:
            console.print(f"\n[yellow]Kept your existing {target}[/yellow] (--force replaces it with the starter).")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(service.starter(slug), encoding="utf-8")
            console.print(f"\nStarter written to [bold]{target}[/bold].")
    console.print(f"Hints: {len(shown.shown)} of {shown.total} shown ([bold]dlprep hint {slug}[/bold]). "
                  f"Submit with [bold]dlprep submit {slug} {target}[/bold].")


def submit(slug: str, file: Path) -> None:
    """Grade FILE against SLUG's hidden tests in the sandbox. Exit 0 when accepted, else 1."""
    try:
        code = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        err.print(f"[red]error:[/red] cannot read {file}: {exc}")
        raise typer.Exit(2) from None
    with _practice() as service:
        try:
            with console.status("grading in the sandbox…"):
                submission = service.submit(slug, code)
        except SubmissionTooLarge as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from None
    print_verdict(submission.verdict)
    console.print(f"[dim]attempt #{submission.attempt_id} saved[/dim]")
    raise typer.Exit(0 if submission.verdict.accepted else 1)


def hint(slug: str, lang: Lang = "zh") -> None:
    """Reveal the next hint of an exercise (and show the ones already revealed)."""
    with _practice(lang) as service:
        hints = service.reveal_hint(slug, lang)
    for number, text in enumerate(hints.shown, 1):
        style = "bold" if number == hints.new else "dim"
        console.print(Text(f"{number}. ", style=style) + Text(text))
    if hints.new is None:
        console.print(f"All {hints.total} hints are already shown.")
    else:
        console.print(f"[dim]{hints.new} of {hints.total} hints shown.[/dim]")


def progress() -> None:
    """What you have solved and tried, exercise by exercise."""
    with _practice() as service:
        summary = service.progress()
    table = Table(title="progress")
    for col in ("slug", "topic", "attempts", "last verdict", "last tried", "solved"):
        table.add_column(col)
    for info in (i for i in summary.exercises if i.attempts):
        table.add_row(info.slug, info.topic, str(info.attempts), info.last_verdict or "",
                      (info.last_at or "")[:16].replace("T", " "), "[green]✓[/green]" if info.solved else "")
    if summary.attempted:
        console.print(table)
    console.print(f"Solved {summary.solved} of {len(summary.exercises)} exercises "
                  f"({summary.attempted} tried, {summary.attempts} submissions).")


def attempts(
    slug: Annotated[str | None, typer.Argument(help="only this exercise")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 10,
) -> None:
    """Your latest submissions, newest first."""
    with _practice() as service:
        records = service.attempts(slug, limit)
    table = Table(title="attempts")
    for col in ("#", "exercise", "verdict", "cases", "ms", "when"):
        table.add_column(col)
    for r in records:
        cases = f"{r.passed}/{r.total}" if r.total else ""
        table.add_row(str(r.id), r.exercise, r.verdict or r.status, cases,
                      f"{r.time_ms:.0f}" if r.time_ms is not None else "", r.created_at)
    console.print(table)


def print_verdict(verdict: Verdict) -> None:
    style = STATUS_STYLE.get(verdict.status, "bold yellow")
    console.print(Text(verdict.status.value, style=style) + Text(f"  {verdict.message}  ({verdict.time_ms:.0f} ms)"))
    if verdict.cases:
        table = Table(show_header=True, box=None, padding=(0, 2))
        for col in ("#", "case", "result", "ms"):
            table.add_column(col)
        for case in verdict.cases:
            mark = {True: "[green]✓[/green]", False: "[red]✗[/red]", None: "[dim]·[/dim]"}[case.passed]
            name = Text(case.name + ("" if case.public else " (hidden)"))
            table.add_row(str(case.number), name, mark, f"{case.time_ms:.1f}" if case.time_ms is not None else "")
        console.print(table)
    failed = next((c for c in verdict.cases if c.passed is False), None)
    if failed is not None and (failed.input or failed.reason):
        lines = [f"{label}: {value}" for label, value in (
            ("input", failed.input), ("expected", failed.expected), ("got", failed.got),
            ("max abs error", None if failed.max_abs_error is None else f"{failed.max_abs_error:.3g}"),
            ("why", failed.reason)) if value is not None]
        console.print(Panel(Text("\n".join(lines)), title=f"case {failed.number}: {failed.name}", expand=False))
    if verdict.detail:
        console.print(Panel(Text(verdict.detail.rstrip()), title="details", expand=False))
    if verdict.output:
        console.print(Panel(Text(verdict.output.rstrip()), title="your output", expand=False))


COMMANDS = (exercises, practice, submit, hint, progress, attempts)
