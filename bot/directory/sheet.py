"""The one-sheet CSV that small campaign teams keep: read it, validate every row.

Every problem is reported with the file, the row (as a spreadsheet shows it: the header is
row 1), the column and how to fix it; a file with any problem imports nothing.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from bot.directory.models import ServiceStatus
from bot.directory.taxonomy import CATEGORIES
from bot.places import normalise_country

REQUIRED = ("service_id", "organization", "service_name", "categories", "city", "country",
            "timezone", "last_verified_on", "verified_by")  # fmt: skip
FLAGS = ("free", "no_documents", "safe_regardless_of_status", "women_only", "children",
         "accessible", "remote")  # fmt: skip
TRANSLATED = ("fr", "es", "ar", "uk", "ru", "fa", "pt", "ps", "ti")
DAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
_PERIOD = re.compile(
    r"^(?P<first>[a-z]{3})(?:-(?P<last>[a-z]{3}))?\s+(?P<opens>\d{1,2}:\d{2})-(?P<closes>\d{1,2}:\d{2})$"
)


@dataclass(frozen=True)
class RowError:
    """One problem in one cell."""

    path: Path
    row: int
    column: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path.name}: row {self.row}, column {self.column}: {self.problem}. {self.fix}"


@dataclass(frozen=True)
class Hours:
    """One weekly opening period (ISO weekday, local times)."""

    weekday: int
    opens_at: time
    closes_at: time


@dataclass(frozen=True)
class ServiceRecord:
    """One valid row."""

    service_id: str
    organization: str
    name: str
    description: str | None
    categories: tuple[str, ...]
    address: str | None
    city: str
    country: str
    latitude: float | None
    longitude: float | None
    phones: tuple[str, ...]
    languages: tuple[str, ...]
    hours: tuple[Hours, ...]
    timezone: str
    flags: dict[str, bool]
    status: ServiceStatus
    last_verified_on: date
    verified_by: str
    translations: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    row_hash: str = ""
    fees_description: str | None = None
    eligibility_description: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    #: The organisation's description, email and website, when the source has them (HSDS).
    organization_details: tuple[str | None, str | None, str | None] = (None, None, None)
    #: Places served beyond the service's own location: (country, city or None for all of it).
    areas: tuple[tuple[str, str | None], ...] = ()


def parse_time(text: str) -> time:
    """``9:00`` → 09:00; ``24:00`` → 00:00 (the end of the day)."""
    hours, minutes = (int(part) for part in text.split(":"))
    if hours == 24 and minutes == 0:
        return time(0)
    return time(hours, minutes)


def parse_hours(text: str) -> tuple[Hours, ...]:
    """``Mon-Fri 09:00-17:00; Sat 10:00-14:00`` → periods; raises ValueError naming the part."""
    periods: list[Hours] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        match = _PERIOD.match(part.lower())
        if not match or match["first"] not in DAYS or (match["last"] or "mon") not in DAYS:
            raise ValueError(f'"{part}" is not like "Mon-Fri 09:00-17:00"')
        first = DAYS[match["first"]]
        last = DAYS[match["last"]] if match["last"] else first
        try:
            opens, closes = parse_time(match["opens"]), parse_time(match["closes"])
        except ValueError:
            raise ValueError(f'"{part}" has a time that does not exist') from None
        days = range(first, last + 1) if first <= last else [*range(first, 8), *range(1, last + 1)]
        periods.extend(Hours(day, opens, closes) for day in days)
    return tuple(periods)


def parse_areas(text: str) -> tuple[tuple[str, str | None], ...]:
    """``PL; Lviv, UA`` → ((PL, None), (UA, Lviv)); raises ValueError naming the bad part."""
    areas: list[tuple[str, str | None]] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        city, _, country_text = part.rpartition(",")
        country = normalise_country(country_text)
        if country is None or (_ and not city.strip()):
            raise ValueError(f'"{part}" is not a country or "city, country"')
        areas.append((country, city.strip() or None))
    return tuple(dict.fromkeys(areas))


def _flag(value: str) -> bool | None:
    return {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False,
            "false": False, "0": False, "": False}.get(value.strip().lower())  # fmt: skip


def _language(code: str) -> bool:
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


class _Row:
    """Reads one row's cells and collects its errors."""

    def __init__(self, path: Path, number: int, cells: dict[str, str]) -> None:
        self.path, self.number, self.cells = path, number, cells
        self.errors: list[RowError] = []

    def text(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def error(self, column: str, problem: str, fix: str) -> None:
        self.errors.append(RowError(self.path, self.number, column, problem, fix))


def _record(row: _Row) -> ServiceRecord | None:
    for column in REQUIRED:
        if not row.text(column):
            row.error(column, "is empty", "Fill it in; this column is required.")
    categories = tuple(c.strip() for c in row.text("categories").split(";") if c.strip())
    for category in categories:
        if category not in CATEGORIES:
            row.error("categories", f'"{category}" is not a category',
                      f"Use codes separated by ';': {', '.join(sorted(CATEGORIES))}.")  # fmt: skip
    country = normalise_country(row.text("country")) if row.text("country") else None
    if row.text("country") and country is None:
        row.error("country", f'"{row.text("country")}" is not a country',
                  "Write the 2-letter ISO code, e.g. PL.")  # fmt: skip
    coordinates: list[float | None] = []
    for column, limit in (("latitude", 90), ("longitude", 180)):
        value = row.text(column)
        try:
            number = float(value) if value else None
        except ValueError:
            number = None
            row.error(column, f'"{value}" is not a number', "Write decimal degrees, e.g. 52.2297.")
        if number is not None and not -limit <= number <= limit:
            row.error(
                column, f"{number} is out of range", f"Use a value between -{limit} and {limit}."
            )
        coordinates.append(number)
    if (coordinates[0] is None) != (coordinates[1] is None):
        row.error("longitude", "only one of latitude and longitude is set", "Fill both or neither.")
    try:
        hours = parse_hours(row.text("hours"))
    except ValueError as exc:
        hours = ()
        row.error("hours", str(exc), 'Write periods like "Mon-Fri 09:00-17:00; Sat 10:00-14:00".')
    zone = row.text("timezone")
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            row.error(
                "timezone", f'"{zone}" is not a time zone', "Use an IANA name, e.g. Europe/Warsaw."
            )
    try:
        areas = parse_areas(row.text("areas_served"))
    except ValueError as exc:
        areas = ()
        row.error("areas_served", str(exc), 'Write countries or "city, country", separated by ";".')
    languages = tuple(c.strip() for c in row.text("languages").split(";") if c.strip())
    for code in languages:
        if not _language(code):
            row.error("languages", f'"{code}" is not a language code', "Use codes like en;fr;ar.")
    flags: dict[str, bool] = {}
    for column in FLAGS:
        flag = _flag(row.text(column))
        if flag is None:
            row.error(column, f'"{row.text(column)}" is not yes or no', "Write yes or no.")
        flags[column] = bool(flag)
    try:
        status = ServiceStatus(row.text("status") or "active")
    except ValueError:
        status = ServiceStatus.active
        row.error("status", f'"{row.text("status")}" is not a status',
                  "Write active, inactive, defunct or temporarily closed.")  # fmt: skip
    verified = None
    if row.text("last_verified_on"):
        try:
            verified = date.fromisoformat(row.text("last_verified_on"))
        except ValueError:
            row.error("last_verified_on", f'"{row.text("last_verified_on")}" is not a date',
                      "Write it as YYYY-MM-DD, e.g. 2026-11-23.")  # fmt: skip
    translations = {
        lang: (row.text(f"name_{lang}"), row.text(f"description_{lang}") or None)
        for lang in TRANSLATED
        if row.text(f"name_{lang}")
    }
    if row.errors or country is None or verified is None:
        return None
    digest = hashlib.sha256(repr(sorted(row.cells.items())).encode()).hexdigest()
    return ServiceRecord(
        service_id=row.text("service_id"),
        organization=row.text("organization"),
        name=row.text("service_name"),
        description=row.text("description") or None,
        categories=categories,
        address=row.text("address") or None,
        city=row.text("city"),
        country=country,
        latitude=coordinates[0],
        longitude=coordinates[1],
        phones=tuple(p.strip() for p in row.text("phone").split(";") if p.strip()),
        languages=languages,
        hours=hours,
        timezone=zone,
        flags=flags,
        status=status,
        last_verified_on=verified,
        verified_by=row.text("verified_by"),
        translations=translations,
        row_hash=digest,
        areas=areas,
    )


def read_sheet(path: Path) -> tuple[list[ServiceRecord], list[RowError]]:
    """Every valid record and every problem of the file."""
    records: list[ServiceRecord] = []
    errors: list[RowError] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            return [], [RowError(path, 1, c, "column is missing", "Add it to the header row.")
                        for c in missing]  # fmt: skip
        seen: dict[str, int] = {}
        for number, cells in enumerate(reader, start=2):
            row = _Row(path, number, cells)
            record = _record(row)
            service_id = row.text("service_id")
            if service_id in seen:
                row.error("service_id", f'"{service_id}" is also on row {seen[service_id]}',
                          "Give every service its own id.")  # fmt: skip
                record = None
            seen.setdefault(service_id, number)
            errors.extend(row.errors)
            if record is not None:
                records.append(record)
    return records, errors
