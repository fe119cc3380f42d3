"""``careleaver-bot survey …``: results, export, the relay queue, and "you said, we did".

Each command builds the same services the bot runs with (so the sinks, the pseudonym key and
the definitions are the deployment's own), does one thing and exits; bad input gets one clear
sentence and exit code 2.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer

from bot.services import Services

T = TypeVar("T")
survey_app = typer.Typer(help="Feedback surveys.", no_args_is_help=True)


def with_services(work: Callable[[Services], Awaitable[T]]) -> T:
    from bot.app import build_services
    from bot.cli import load_settings
    from bot.runner import prepare_database

    settings = load_settings()

    async def run() -> T:
        await prepare_database(settings)
        services = build_services(settings)
        try:
            return await work(services)
        finally:
            await services.engine.dispose()

    return asyncio.run(run())


def _known(services: Services, survey_id: str) -> None:
    if survey_id not in services.surveys.surveys:
        known = ", ".join(sorted(services.surveys.surveys))
        typer.echo(f"Unknown survey {survey_id!r}. Known: {known}", err=True)
        raise typer.Exit(2)


@survey_app.command("results")
def results_command(
    survey: Annotated[str, typer.Argument(help="Survey id, e.g. how-are-we-doing.")],
    council: Annotated[str, typer.Option(help="Only this council's responses.")] = "",
    format_: Annotated[str, typer.Option("--format", help="table or csv.")] = "table",
) -> None:
    """Counts, percentages, scales and response rate; counts under 5 shown as "<5"."""
    from surveys import results

    if format_ not in ("table", "csv"):
        typer.echo("--format must be table or csv.", err=True)
        raise typer.Exit(2)

    async def work(services: Services) -> tuple[results.Results, object]:
        _known(services, survey)
        return await services.surveys.results(survey, council or None), services.surveys.surveys[
            survey
        ]

    found, definition = with_services(work)
    assert hasattr(definition, "questions")
    if format_ == "csv":
        sys.stdout.buffer.write(results.as_csv(found, definition))  # type: ignore[arg-type]
    else:
        typer.echo(results.as_table(found, definition))  # type: ignore[arg-type]


@survey_app.command("export")
def export_command(
    survey: Annotated[str, typer.Argument(help="Survey id.")],
    format_: Annotated[str, typer.Option("--format", help="csv or jsonl.")] = "csv",
) -> None:
    """Every completed response, free text included, as the council's store receives it."""
    from surveys.relay import COLUMNS, _cell

    if format_ not in ("csv", "jsonl"):
        typer.echo("--format must be csv or jsonl.", err=True)
        raise typer.Exit(2)

    async def work(services: Services) -> list[dict[str, object]]:
        _known(services, survey)
        return await services.surveys.export(survey)

    rows = with_services(work)
    if format_ == "jsonl":
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False, sort_keys=True))
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([_cell(row, column) for column in COLUMNS] for row in rows)
    sys.stdout.buffer.write(("\ufeff" + buffer.getvalue()).encode("utf-8"))


@survey_app.command("relay")
def relay_command(
    failed: Annotated[bool, typer.Option("--failed", help="List what could not be sent.")] = False,
    retry: Annotated[bool, typer.Option("--retry", help="Queue failed responses again.")] = False,
) -> None:
    """Send due responses to the configured sinks now (or list/retry failed ones)."""

    async def work(services: Services) -> str:
        relay = services.relay
        if retry:
            return f"Queued {await relay.retry_failed()} failed deliveries again."
        if failed:
            rows = await relay.failed()
            if not rows:
                return "Nothing failed."
            lines = ["response\tsurvey\tsink\tattempts\tlast error\tfirst tried"]
            lines += [f"{r.response_key}\t{r.survey}\t{r.sink}\t{r.attempts}\t"
                      f"{r.last_error or ''}\t{r.first_at.isoformat(timespec='seconds')}"
                      for r in rows]  # fmt: skip
            return "\n".join(lines)
        if not relay.sinks:
            return "No sink is configured (CARELEAVER_SURVEY_HTTP_URL, _FILES_DIR)."
        counts = await relay.run_once(limit=1000)
        return f"Sent {counts['sent']}, will retry {counts['retry']}, failed {counts['failed']}."

    typer.echo(with_services(work))


@survey_app.command("publish")
def publish_command(
    survey: Annotated[str, typer.Argument(help="Survey id.")],
    council: Annotated[str, typer.Option(help="Council id.")],
    text: Annotated[str, typer.Option(help="The update, in English.")],
    translation: Annotated[
        list[str] | None,
        typer.Option(help="A translation as LANG=TEXT, e.g. ar='…'; repeat for each."),
    ] = None,
) -> None:
    """ "You said, we did": send an update to everyone who answered, in their language."""
    from bot.i18n import LANGUAGE_NAMES

    texts = {"en": text.strip()}
    for item in translation or []:
        lang, _, words = item.partition("=")
        if lang not in LANGUAGE_NAMES or not words.strip():
            typer.echo(f"--translation must be LANG=TEXT with LANG one of "
                       f"{' '.join(LANGUAGE_NAMES)}, not {item[:20]!r}", err=True)  # fmt: skip
            raise typer.Exit(2)
        texts[lang] = words.strip()
    if not texts["en"] or len(texts["en"]) > 2000:
        typer.echo("--text must be between 1 and 2,000 characters.", err=True)
        raise typer.Exit(2)

    async def work(services: Services) -> int:
        _known(services, survey)
        return await services.surveys.publish(survey, council, texts)

    sent = with_services(work)
    typer.echo(f"Queued the update for {sent} people who answered.")
