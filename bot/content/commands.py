"""`rightsline content …`: check, preview and report on what the bot says (rules/content/)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Annotated

import typer

from bot.console import format_replies
from bot.content.answer import answer_messages, escalation_responses, service_cards
from bot.content.check import check_content
from bot.content.engine import Facts, decide
from bot.content.loader import ContentSet, load_content
from bot.content.report import coverage, markdown_report
from bot.errors import ContentError
from bot.i18n.locales import registry
from bot.i18n.render import renderer
from bot.places import normalise_country
from bot.rasa.client import BotReply
from bot.settings import get_settings
from bot.storage.db import session_scope
from bot.storage.migrate import upgrade

content_app = typer.Typer(help="What the bot says: rules/content/.", no_args_is_help=True)


def _load() -> ContentSet:
    try:
        return load_content()
    except ContentError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


@content_app.command("check")
def check_command(
    today: Annotated[str | None, typer.Option(help="Check as on this day (YYYY-MM-DD).")] = None,
) -> None:
    """Validate every content file, rule and translation; exit 1 on any error (for CI)."""
    day = date.fromisoformat(today) if today else date.today()
    problems = check_content(registry(), today=day)
    for problem in problems:
        typer.echo(str(problem), err=problem.severity == "error")
    errors = sum(p.severity == "error" for p in problems)
    typer.echo(f"{errors} error(s), {len(problems) - errors} warning(s).")
    if errors:
        raise typer.Exit(1)


@content_app.command("preview")
def preview_command(
    intent: Annotated[str, typer.Option(help="The question, e.g. ask_labour_rights.")],
    country: Annotated[str | None, typer.Option(help="Country name or ISO code.")] = None,
    city: Annotated[str | None, typer.Option(help="City, as the person would type it.")] = None,
    lang: Annotated[str, typer.Option(help="Language of the answer.")] = "en",
    slot: Annotated[list[str] | None, typer.Option(help="Other slots: name=value.")] = None,
    today: Annotated[str | None, typer.Option(help="Preview as on this day (YYYY-MM-DD).")] = None,
) -> None:
    """Print exactly what the bot would send, and why (the rules that matched)."""
    code = normalise_country(country) if country else None
    if country and not code:
        typer.echo(f"--country {country}: not a country name or ISO code", err=True)
        raise typer.Exit(2)
    values: dict[str, object] = {"language": registry().negotiate(lang)}
    for pair in slot or []:
        name, _, value = pair.partition("=")
        values[name] = {"true": True, "false": False}.get(value, value)
    values.update({k: v for k, v in (("country", code), ("city", city)) if v})
    day = date.fromisoformat(today) if today else date.today()
    decision = decide(_load(), Facts(intent, values), today=day)
    language = str(values["language"])
    settings = get_settings()
    upgrade(settings.resolved_database_url())
    with session_scope() as session:
        cards = service_cards(
            session, decision, country=code, city=city, near=None, language=language,
            renderer=renderer(), now=datetime.now(timezone.utc),
            max_age_days=settings.directory_max_age_days,
        )  # fmt: skip
    messages = answer_messages(
        decision, language=language, renderer=renderer(),
        values={k: v for k, v in values.items() if k in ("country", "city")}, cards=cards,
    )  # fmt: skip
    for what in escalation_responses(decision, country=code, hotline_phone=settings.hotline_phone):
        messages.append(
            renderer().render(what.response, language=language, arguments=what.arguments)
        )
    text, _ = format_replies([BotReply(m.text, m.buttons) for m in messages])
    typer.echo(text)
    if decision.escalate:
        typer.echo(
            f"(escalation: {decision.escalate.reason}, priority {decision.escalate.priority})"
        )
    typer.echo("why:")
    for line in decision.trace:
        typer.echo(f"  {line}")


@content_app.command("report")
def report_command(
    out: Annotated[Path, typer.Option(help="Markdown file to write.")] = Path(
        "var/content-report.md"
    ),
    today: Annotated[str | None, typer.Option(help="Report as on this day (YYYY-MM-DD).")] = None,
) -> None:
    """Coverage per question × language × jurisdiction, and what is due for review."""
    day = date.fromisoformat(today) if today else date.today()
    content = _load()
    table = coverage(content, registry())
    text = markdown_report(content, table, today=day)
    typer.echo(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    typer.echo(f"written to {out}")
