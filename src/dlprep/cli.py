"""The ``dlprep`` command line: a thin layer over the services (bank, practice, web, labs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from dlprep import cli_practice, cli_web
from dlprep.bank.loader import UnknownTopicError, load_bank
from dlprep.bank.render import render_markdown
from dlprep.bank.validator import DEFAULT_BLOCK_TIMEOUT, validate_bank
from dlprep.labs._cli import lab_app

app = typer.Typer(
    help="dlprep: a deep-learning interview workbook that runs.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)
for _command in cli_practice.COMMANDS:  # exercises, practice, submit, hint, progress, attempts
    app.command()(_command)
cli_web.register(app)  # serve, review, export, import
app.add_typer(lab_app, name="lab")  # lab list/config/run/show

Lang = Annotated[str, typer.Option("--lang", "-l", help="zh or en")]


def _check_lang(lang: str) -> str:
    if lang not in ("zh", "en"):
        err.print(f"[red]error:[/red] --lang must be 'zh' or 'en', not '{lang}'")
        raise typer.Exit(2)
    return lang


def _known_or_exit(bank, slug: str) -> None:
    try:
        bank.require_known(slug)
    except UnknownTopicError as exc:
        err.print(f"[red]error:[/red] {exc}")
        if not exc.suggestions:
            err.print("Run [bold]dlprep topics[/bold] for the list, or [bold]dlprep search[/bold] to find one.")
        raise typer.Exit(2) from None


@app.command()
def topics(
    tag: Annotated[str | None, typer.Option(help="only topics with this tag")] = None,
    written: Annotated[bool, typer.Option("--written", help="only topics that are written")] = False,
) -> None:
    """List the 67 topics: slug, titles, tags and whether they are written."""
    bank = load_bank()
    table = Table(title="dlprep topics", show_lines=False)
    for col in ("slug", "中文", "English", "tags", "status"):
        table.add_column(col)
    shown = 0
    for slug in bank.slugs:
        topic = bank.topics.get(slug)
        if written and topic is None:
            continue
        if tag and (topic is None or tag not in topic.meta.tags):
            continue
        status = bank.status(slug)
        colour = {"written": "green", "broken": "red"}.get(status, "dim")
        if topic is None:
            table.add_row(slug, "", "", "", f"[{colour}]{status}[/{colour}]")
        else:
            m = topic.meta
            table.add_row(slug, m.title.zh, m.title.en, ", ".join(m.tags), f"[{colour}]{status}[/{colour}]")
        shown += 1
    console.print(table)
    n_written = sum(1 for s in bank.slugs if bank.status(s) == "written")
    console.print(f"{shown} shown; {n_written} of {len(bank.slugs)} topics written.")


@app.command()
def show(slug: str, lang: Lang = "zh", raw: Annotated[bool, typer.Option(help="print Markdown")] = False) -> None:
    """Show a topic rendered in the terminal (library code included)."""
    _check_lang(lang)
    bank = load_bank()
    _known_or_exit(bank, slug)
    topic = bank.get(slug)
    if topic is None:
        console.print(f"[yellow]{slug}[/yellow] is not written yet. It will answer these seed questions:")
        for entry in bank.seeds(slug):
            console.print(f"  {entry.ref}  {entry.title}")
        return
    text = render_markdown(topic, lang)
    if raw:
        typer.echo(text)
    else:
        console.print(Markdown(text, code_theme="monokai"))


@app.command()
def search(
    query: Annotated[list[str], typer.Argument(help="words in Chinese or English")],
    limit: Annotated[int, typer.Option(min=1, max=67)] = 10,
) -> None:
    """Search topics in Chinese or English, best match first."""
    from dlprep.bank.search import SearchIndex

    hits = SearchIndex(load_bank()).search(" ".join(query), limit=limit)
    if not hits:
        console.print(f"No topic matches '{' '.join(query)}'.")
        raise typer.Exit(1)
    table = Table(show_header=True)
    for col in ("#", "slug", "title", "status", "summary"):
        table.add_column(col, overflow="fold")
    for rank, hit in enumerate(hits, 1):
        title = " / ".join(t for t in (hit.title_zh, hit.title_en) if t)
        table.add_row(str(rank), hit.slug, title, hit.status, hit.summary)
    console.print(table)


@app.command()
def validate(
    slugs: Annotated[list[str] | None, typer.Argument(help="only these topics")] = None,
    run: Annotated[bool, typer.Option("--run", help="execute runnable blocks and compare output")] = False,
    timeout: Annotated[float, typer.Option(help="seconds allowed per runnable block")] = DEFAULT_BLOCK_TIMEOUT,
    topics_dir: Annotated[Path | None, typer.Option(help="validate another folder of topics")] = None,
) -> None:
    """Check every topic against the seed map, the format and the library. Exit 1 on problems."""
    bank = load_bank(topics_dir)
    for slug in slugs or []:
        _known_or_exit(bank, slug)
    with console.status("validating…") as status:
        report = validate_bank(
            topics_dir, run=run, timeout=timeout, only=slugs or None,
            on_block=lambda slug, line: status.update(f"running {slug}.md:{line}"),
        )
    for problem in report.problems:
        err.print(f"[red]{problem.path}:{problem.line}:[/red] {problem.message}", highlight=False)
    summary = f"{len(report.written)} topics written"
    if run:
        summary += f", {report.blocks_run} runnable blocks executed"
    console.print(summary + f"; {len(report.not_written)} topics not written yet.")
    if report.problems:
        console.print(f"[red]{len(report.problems)} problems.[/red]")
        raise typer.Exit(1)
    console.print("[green]OK[/green]")


@app.command()
def tour() -> None:
    """A short tour of what dlprep has today."""
    bank = load_bank()
    written = [s for s in bank.slugs if bank.status(s) == "written"]
    console.rule("[bold]dlprep[/bold]: a deep-learning interview workbook that runs")
    n_seeds = sum(len(bank.seeds(s)) for s in bank.slugs)
    console.print(f"The bank answers {n_seeds} seed questions in {len(bank.slugs)} topics; "
                  f"{len(written)} are written so far.")
    if written:
        topic = bank.topics[written[0]]
        titles = f"{topic.meta.title.zh} / {topic.meta.title.en}"
        console.print(f"\nFirst written topic: [bold]{topic.slug}[/bold] ({titles})")
        for point in topic.key_points("en")[:4]:
            console.print(f"  • {point}")
    console.print(
        "\nTry:\n"
        "  dlprep topics                       the topic list\n"
        "  dlprep show deep-learning-basics    read a topic (--lang en for English)\n"
        "  dlprep search 批标准化                 search in Chinese or English\n"
        "  dlprep validate --run               check every topic and run its code"
    )


def main() -> None:  # pragma: no cover - console script entry
    app()
