"""``careleaver-bot translations``: keep catalogs in step and see how complete they are."""

from __future__ import annotations

import typer

from bot import translations
from bot.translation_status import all_status

translations_app = typer.Typer(help="Translation catalogs.", no_args_is_help=True)


@translations_app.command("update")
def update() -> None:
    """Extract all text (code and content) and merge it into every catalog."""
    translations.extract()
    translations.update()
    typer.echo("Catalogs updated; new or changed text is waiting for translators.")


@translations_app.command("status")
def status() -> None:
    """Per language: translated, missing, stale and draft strings. Exit 1 if any interface
    string is missing."""
    rows = all_status()
    packs = sorted({pack for row in rows for pack in row.content})
    header = ["lang", "review", "interface", "missing", "stale", *packs, "draft"]
    typer.echo("\t".join(header))
    missing_interface = False
    for row in rows:
        face = row.interface
        missing_interface |= face.missing > 0 or face.stale > 0
        cells = [
            row.lang,
            row.review,
            f"{face.translated}/{face.total} ({face.percent:.0f}%)",
            str(face.missing),
            str(face.stale + sum(c.stale for c in row.content.values())),
        ]
        for pack in packs:
            counts = row.content.get(pack)
            cells.append(
                f"{counts.percent:.0f}% ({counts.missing} missing, {counts.stale} stale)"
                if counts
                else "-"
            )
        cells.append(str(row.draft))
        typer.echo("\t".join(cells))
    if missing_interface:
        typer.echo("Some interface strings are missing or stale.", err=True)
        raise typer.Exit(1)
