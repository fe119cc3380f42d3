"""``careleaver-bot content``: check, review and export the offer (for council officers).

Every failure is a plain sentence naming the file, the entry and the reason, with exit code 1,
so the same commands serve a person editing content and CI.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from offers.catalogue import Catalogue, load_all
from offers.loader import CONTENT_DIR, ContentError
from offers.review import export_rows, quote_problems, stale_items, to_csv

content_app = typer.Typer(help="Check, review and export the local offer.", no_args_is_help=True)
FolderOption = Annotated[Path, typer.Option(help="Folder of content packs.")]


def _load(folder: Path) -> Catalogue:
    try:
        return load_all(folder)
    except ContentError as error:
        typer.echo(f"Content problem: {error}", err=True)
        raise typer.Exit(1) from None


@content_app.command("check")
def check(
    folder: FolderOption = CONTENT_DIR,
    seeds: Annotated[
        Path | None, typer.Option(help="Folder of the council papers: also check every quote.")
    ] = None,
) -> None:
    """Validate every content pack (and, with --seeds, every quoted source line)."""
    catalogue = _load(folder)
    problems = quote_problems(catalogue, seeds) if seeds else []
    for problem in problems:
        typer.echo(f"Source problem: {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    pledges = sum(len(ps.pledges) for ps in catalogue.pledge_sets.values())
    typer.echo(
        f"OK: {len(catalogue.packs)} packs, {len(catalogue.items)} items, {pledges} pledges"
        + (", every quote found on its lines." if seeds else ".")
    )


@content_app.command("stale")
def stale(
    as_of: Annotated[str, typer.Option("--as-of", help="Date to judge by (YYYY-MM-DD).")] = "",
    months: Annotated[int, typer.Option(help="Review at least this often.")] = 12,
    folder: FolderOption = CONTENT_DIR,
) -> None:
    """Items past their review date, superseded, or waiting for the council to confirm."""
    day = _day(as_of)
    catalogue = _load(folder)
    findings = stale_items(catalogue, day, months)
    from bot.translation_status import stale_translations

    translations = stale_translations(catalogue)
    for finding in findings:
        typer.echo(f"{finding.pack}\t{finding.entry}\t{finding.reason}")
    for row in translations:
        typer.echo(f"translation\t{row}")
    if not findings and not translations:
        typer.echo(f"Nothing stale on {day}.")


def _day(text: str) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        typer.echo(f"--as-of must be a date like 2027-04-01, not {text!r}", err=True)
        raise typer.Exit(2) from None


@content_app.command("export")
def export(
    council: Annotated[str, typer.Option(help="Council id, e.g. cheshire-east.")],
    format_: Annotated[str, typer.Option("--format", help="Only csv for now.")] = "csv",
    output: Annotated[Path | None, typer.Option(help="File to write (default: stdout).")] = None,
    folder: FolderOption = CONTENT_DIR,
) -> None:
    """One row per item (the council's and England's), for the annual review."""
    catalogue = _load(folder)
    if council not in catalogue.packs or catalogue.packs[council].council is None:
        known = ", ".join(c.id for c in catalogue.councils())
        typer.echo(f"Unknown council {council!r}. Known: {known}", err=True)
        raise typer.Exit(2)
    if format_ != "csv":
        typer.echo("Only --format csv is supported.", err=True)
        raise typer.Exit(2)
    data = to_csv(export_rows(catalogue, council))
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        typer.echo(f"Wrote {output}")
