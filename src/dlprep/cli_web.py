"""The web-app era commands of the ``dlprep`` CLI: serve, review, export, import.

Thin calls into the services (``dlprep.review``, ``dlprep.progress``); ``serve`` hands uvicorn
the app factory by name (``dlprep.web.app:app_from_env``), so the CLI never imports the web
package and the web package never imports the CLI.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table

from dlprep.progress import ProgressFileError, import_progress, parse_progress_file, write_export
from dlprep.review import RATING_NAMES, Review, humanize

console = Console()
err = Console(stderr=True)
DbOption = Annotated[Path | None, typer.Option(
    "--db", help="the database file (default: $DLPREP_DB or ~/.local/share/dlprep/dlprep.db)")]


def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    db: DbOption = None,
    reload: Annotated[bool, typer.Option("--reload", help="restart on code changes (development)")] = False,
    access_log: Annotated[bool, typer.Option("--access-log", help="log every request")] = False,
) -> None:
    """Start the web app (http://127.0.0.1:8000 by default)."""
    import uvicorn

    if db is not None:
        os.environ["DLPREP_DB"] = str(db.expanduser().resolve())
    console.print(f"dlprep is starting at [bold]http://{host}:{port}[/bold]  (Ctrl-C stops it)")
    uvicorn.run("dlprep.web.app:app_from_env", factory=True, host=host, port=port, reload=reload,
                log_level="info", access_log=access_log, proxy_headers=False)


def review(
    lang: Annotated[str, typer.Option("--lang", "-l", help="zh or en")] = "zh",
    limit: Annotated[int, typer.Option(help="stop after this many cards", min=1)] = 50,
    db: DbOption = None,
) -> None:
    """Review due cards in the terminal: Enter reveals the answer, then rate 1-4 (q quits)."""
    if lang not in ("zh", "en"):
        err.print(f"[red]error:[/red] --lang must be 'zh' or 'en', not '{lang}'")
        raise typer.Exit(2)
    service = Review(db)
    done = 0
    while done < limit:
        view = service.next_card(lang)
        if view is None:
            stats = service.stats()
            when = f" The next card is due {stats.next_due.astimezone():%Y-%m-%d %H:%M}." if stats.next_due else ""
            console.print(f"[green]Nothing is due.[/green]{when} Reviewed {done} card(s).")
            return
        text = view.text
        kind = "key point" if text.kind == "key_point" else "follow-up"
        console.rule(f"[bold]{text.topic_title}[/bold] · {kind} {text.number}/{text.total} · {view.state}")
        console.print(Markdown(text.front))
        started = datetime.now(UTC)
        answer = typer.prompt("Enter shows the answer (q quits)", default="", show_default=False)
        if answer.strip().lower() == "q":
            break
        console.print(Panel(Markdown(text.back), expand=False))
        previews = service.preview(text.key)
        now = datetime.now(UTC)
        choices = "  ".join(f"{r} {RATING_NAMES[r]} ({humanize(previews[r] - now, 'en')})" for r in RATING_NAMES)
        rating = None
        while rating is None:
            raw = typer.prompt(f"Rate: {choices}; q quits", default="", show_default=False).strip().lower()
            if raw == "q":
                console.print(f"Reviewed {done} card(s).")
                return
            if raw in ("1", "2", "3", "4"):
                rating = int(raw)
            else:
                err.print("Type 1, 2, 3 or 4.")
        duration = int((datetime.now(UTC) - started).total_seconds() * 1000)
        rated = service.rate(text.key, rating, duration_ms=duration)
        console.print(f"[dim]{RATING_NAMES[rating]}: next review {rated.due.astimezone():%Y-%m-%d %H:%M} "
                      f"(in {humanize(rated.interval, 'en')})[/dim]")
        done += 1
    console.print(f"Reviewed {done} card(s).")


def export(
    file: Annotated[Path, typer.Argument(help="the JSON file to write")],
    db: DbOption = None,
) -> None:
    """Export your progress (attempts, hints, review cards and log, reading, mock interviews) as JSON."""
    counts = write_export(file, db)
    table = Table(show_header=False, box=None)
    for name, n in counts.items():
        table.add_row(name.replace("_", " "), str(n))
    console.print(table)
    console.print(f"Wrote [bold]{file}[/bold].")


def import_(
    file: Annotated[Path, typer.Argument(help="a file written by dlprep export")],
    db: DbOption = None,
) -> None:
    """Merge an export into your progress. Importing the same file again adds nothing; nothing is lost."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot read {file}: {exc}")
        raise typer.Exit(2) from None
    try:
        report = import_progress(parse_progress_file(raw, str(file)), db)
    except ProgressFileError as exc:
        err.print(f"[red]error:[/red] {exc}")
        err.print("Nothing was imported.")
        raise typer.Exit(1) from None
    table = Table()
    for col in ("", "added", "updated", "already there"):
        table.add_column(col)
    for name in report.added:
        table.add_row(name.replace("_", " "), str(report.added[name]), str(report.updated[name]),
                      str(report.unchanged[name]))
    console.print(table)
    console.print(f"Imported [bold]{file}[/bold].")


COMMANDS = (("serve", serve), ("review", review), ("export", export), ("import", import_))


def register(app: typer.Typer) -> None:
    for name, command in COMMANDS:
        app.command(name)(command)
