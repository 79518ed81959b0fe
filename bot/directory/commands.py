"""`rightsline directory …`: what campaign teams run to keep the directory current."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import delete, func, select

from bot.directory.cards import card_values
from bot.directory.hsds import export_folder, import_folder
from bot.directory.importer import ImportReport, import_sheet
from bot.directory.models import Organization, Service
from bot.directory.search import SearchQuery, find_place, search, stale_services
from bot.directory.taxonomy import CATEGORIES
from bot.i18n.render import renderer
from bot.places import normalise_country
from bot.settings import ROOT, get_settings
from bot.storage.db import session_scope

#: The fictional sample directory, as Open Referral HSDS CSV tables.
SAMPLE_DIRECTORY = ROOT / "data" / "directory" / "sample"

directory_app = typer.Typer(help="The services directory.", no_args_is_help=True)


@directory_app.callback()
def _up_to_date() -> None:
    """Bring the database schema up to date first (quick when it already is)."""
    from bot.storage.migrate import upgrade

    upgrade(get_settings().resolved_database_url())


def _print_report(report: ImportReport) -> None:
    if report.errors:
        typer.echo(f"{len(report.errors)} problem(s); nothing was imported:", err=True)
        for error in report.errors:
            typer.echo(f"  {error}", err=True)
        return
    verb = "would be" if report.dry_run else "were"
    typer.echo(
        f"{report.source}: {len(report.added)} {verb} added, {len(report.changed)} changed, "
        f"{len(report.deactivated)} deactivated, {report.unchanged} unchanged."
    )
    for label, ids in (("added", report.added), ("changed", report.changed),
                       ("deactivated", report.deactivated)):  # fmt: skip
        for service_id in ids:
            typer.echo(f"  {label}: {service_id}")


@directory_app.command("import")
def import_command(
    path: Annotated[
        Path,
        typer.Argument(help="A one-sheet CSV file, or a folder of HSDS CSV tables.", exists=True),
    ],
    dry_run: Annotated[bool, typer.Option(help="Show what would change; change nothing.")] = False,
) -> None:
    """Import services; every bad row is reported and nothing is half-written."""
    with session_scope() as session:
        if path.is_dir():
            report = import_folder(session, path, dry_run=dry_run)
        else:
            report = import_sheet(session, path, dry_run=dry_run)
    _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


@directory_app.command("export")
def export_command(
    folder: Annotated[Path, typer.Argument(help="Folder to write the HSDS CSV tables into.")],
) -> None:
    """Export the whole directory as Open Referral HSDS CSV tables."""
    with session_scope() as session:
        counts = export_folder(session, folder)
    typer.echo(", ".join(f"{table}: {count}" for table, count in counts.items()))


@directory_app.command("search")
def search_command(
    category: Annotated[
        str | None, typer.Option(help=f"One of: {', '.join(sorted(CATEGORIES))}")
    ] = None,
    city: Annotated[str | None, typer.Option(help="City, in any common spelling.")] = None,
    country: Annotated[str | None, typer.Option(help="Country name or ISO code.")] = None,
    lang: Annotated[str, typer.Option(help="Language of the answer.")] = "en",
    free: bool = False,
    no_documents: bool = False,
    open_now: bool = False,
    limit: Annotated[int, typer.Option(help="How many cards.")] = 3,
) -> None:
    """Print exactly the cards the bot would send."""
    if category and category not in CATEGORIES:
        typer.echo(f"--category {category}: use one of {', '.join(sorted(CATEGORIES))}", err=True)
        raise typer.Exit(2)
    code = normalise_country(country) if country else None
    if country and not code:
        typer.echo(f"--country {country}: not a country name or ISO code", err=True)
        raise typer.Exit(2)
    settings = get_settings()
    render = renderer()
    with session_scope() as session:
        if city and not code:
            place = find_place(session, city)
            code = place[0] if place else None
        query = SearchQuery(category=category, country=code, city=city, language=lang,
                            free=free, no_documents=no_documents, open_now=open_now,
                            limit=limit)  # fmt: skip
        result = search(session, query, now=datetime.now(timezone.utc),
                        max_age_days=settings.directory_max_age_days)  # fmt: skip
    if result.widened_to:
        typer.echo(f"(nothing in the place asked; widened to: {result.widened_to})")
    if not result.cards:
        arguments = {"service_type": category, "country": code}
        typer.echo(render.render("utter_no_services", language=lang, arguments=arguments).text)
        return
    for card in result.cards:
        values = card_values(card, language=lang, renderer=render)
        typer.echo(render.render("utter_service_card", language=lang, arguments=values).text)
        typer.echo("")
    typer.echo(f"{len(result.cards)} of {result.total} shown.")


@directory_app.command("stale")
def stale_command(
    max_age_days: Annotated[
        int | None, typer.Option(help="Default DIRECTORY_MAX_AGE_DAYS.")
    ] = None,
) -> None:
    """List the services hidden from migrants because nobody verified them recently."""
    age = max_age_days or get_settings().directory_max_age_days
    with session_scope() as session:
        services = stale_services(session, today=date.today(), max_age_days=age)
        for service in services:
            typer.echo(
                f"{service.id}\t{service.last_verified_on}\t{service.verified_by}\t{service.name}"
            )
    typer.echo(f"{len(services)} service(s) not verified in the last {age} days.")


@directory_app.command("verify")
def verify_command(
    service_id: str,
    by: Annotated[str, typer.Option(help="Who checked it (a team alias).")],
    on: Annotated[str | None, typer.Option(help="When (YYYY-MM-DD), default today.")] = None,
) -> None:
    """Record that a service was checked (its details are still right)."""
    when = date.fromisoformat(on) if on else date.today()
    with session_scope() as session:
        service = session.get(Service, service_id)
        if service is None:
            typer.echo(f"{service_id}: no such service", err=True)
            raise typer.Exit(1)
        service.last_verified_on, service.verified_by = when, by
    typer.echo(f"{service_id}: verified on {when} by {by}")


@directory_app.command("remove-samples")
def remove_samples_command() -> None:
    """Delete the fictional sample organisations and their services (after importing yours)."""
    with session_scope() as session:
        samples = select(Organization.id).where(Organization.sample.is_(True))
        removed = session.scalar(
            select(func.count()).select_from(Service).where(Service.organization_id.in_(samples))
        )
        # the database cascades to their services, locations and everything under them
        session.execute(delete(Organization).where(Organization.sample.is_(True)))
        left = session.scalar(select(func.count()).select_from(Service))
    typer.echo(f"Removed {removed} sample services; {left} services are left.")
    if not left:
        typer.echo("The directory is empty: `make run` loads the samples again until you import.")


def load_sample_directory_if_empty(*, echo: Callable[[str], None]) -> None:
    """Load the sample directory into an empty one; say so whenever sample data is in use."""
    with session_scope() as session:
        if not session.scalar(select(func.count()).select_from(Service)):
            report = import_folder(session, SAMPLE_DIRECTORY)
            if report.ok:
                echo(f"The directory was empty: loaded {len(report.added)} sample services.")
        samples = session.scalar(
            select(func.count()).select_from(Organization).where(Organization.sample.is_(True))
        )
    if samples:
        echo(
            f"SAMPLE DATA: {samples} fictional sample organisations are in the directory "
            f"(from {SAMPLE_DIRECTORY.relative_to(ROOT)}). They are not real: import your own "
            "with `rightsline directory import`, then `rightsline directory remove-samples`."
        )
