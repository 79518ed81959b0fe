"""Open Referral HSDS 3.0 CSV tables: export the directory, import a folder of tables.

Tables written and read: organization, service, location, address, service_at_location,
phone, language, schedule (WEEKLY, byday), service_area (extent_type ``text``: ``remote``,
``country:PL`` or ``city:PL:warsaw``), taxonomy_term and attribute (categories and the
attributes migrants need, as ``rightsline`` taxonomy terms), plus one extension table,
service_translation (service_id, language, name, description), which HSDS lacks.
A round trip (export → import → export) gives the same files.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.directory.importer import ImportReport, import_records
from bot.directory.models import Location, Organization, Service, ServiceStatus
from bot.directory.sheet import Hours, RowError, ServiceRecord
from bot.directory.taxonomy import CATEGORIES

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FLAGS = {  # attribute term → ServiceRecord flag
    "free_of_charge": "free",
    "no_documents_required": "no_documents",
    "safe_regardless_of_status": "safe_regardless_of_status",
    "women_only": "women_only",
    "children": "children",
    "accessible": "accessible",
}
TABLES: dict[str, tuple[str, ...]] = {
    "organization": ("id", "name", "description", "email", "website"),
    "service": (
        "id",
        "organization_id",
        "name",
        "description",
        "status",
        "fees_description",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
    ),
    "location": ("id", "organization_id", "location_type", "name", "latitude", "longitude"),
    "address": ("id", "location_id", "address_type", "address_1", "city", "postal_code", "country"),
    "service_at_location": ("id", "service_id", "location_id"),
    "phone": ("id", "service_id", "number", "description"),
    "language": ("id", "service_id", "code"),
    "schedule": ("id", "service_id", "freq", "byday", "opens_at", "closes_at", "timezone"),
    "service_area": ("id", "service_id", "extent_type", "extent"),
    "taxonomy_term": ("id", "code", "name", "taxonomy"),
    "attribute": ("id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "value"),
    "service_translation": ("service_id", "language", "name", "description"),
}


def _term(kind: str, code: str) -> str:
    return f"rightsline-{kind}-{code}"


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def export_folder(session: Session, folder: Path) -> dict[str, int]:
    """Write every table of the directory into ``folder``; return the row count per table."""
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    terms = [("category", c) for c in sorted(CATEGORIES)]
    terms += [("attribute", a) for a in (*FLAGS, "sample")]
    for kind, code in terms:
        rows["taxonomy_term"].append(
            {"id": _term(kind, code), "code": code, "name": code, "taxonomy": f"rightsline-{kind}"}
        )
    for org in session.scalars(select(Organization).order_by(Organization.id)):
        rows["organization"].append(
            {
                "id": org.id,
                "name": org.name,
                "description": org.description,
                "email": org.email,
                "website": org.website,
            }
        )
        rows["attribute"].append(
            {
                "id": f"{org.id}-sample",
                "link_id": org.id,
                "link_type": "organization",
                "link_entity": "organization",
                "taxonomy_term_id": _term("attribute", "sample"),
                "value": str(org.sample).lower(),
            }
        )
    services = session.scalars(
        select(Service)
        .order_by(Service.id)
        .options(
            selectinload(Service.categories),
            selectinload(Service.languages),
            selectinload(Service.phones),
            selectinload(Service.schedules),
            selectinload(Service.areas),
            selectinload(Service.translations),
            selectinload(Service.at_locations),
        )
    )
    for s in services:
        rows["service"].append(
            {
                "id": s.id,
                "organization_id": s.organization_id,
                "name": s.name,
                "description": s.description,
                "status": s.status.value,
                "fees_description": s.fees_description,
                "eligibility_description": s.eligibility_description,
                "minimum_age": s.minimum_age,
                "maximum_age": s.maximum_age,
                "assured_date": s.last_verified_on.isoformat(),
                "assurer_email": s.verified_by,
            }
        )
        for category in sorted(c.category for c in s.categories):
            rows["attribute"].append(
                {
                    "id": f"{s.id}-category-{category}",
                    "link_id": s.id,
                    "link_type": "service",
                    "link_entity": "service",
                    "taxonomy_term_id": _term("category", category),
                    "value": "",
                }
            )
        for name, value in ((n, str(getattr(s, n)).lower()) for n in FLAGS):
            rows["attribute"].append(
                {
                    "id": f"{s.id}-{name}",
                    "link_id": s.id,
                    "link_type": "service",
                    "link_entity": "service",
                    "taxonomy_term_id": _term("attribute", name),
                    "value": value,
                }
            )
        for p in sorted(s.phones, key=lambda p: p.id):
            rows["phone"].append(
                {"id": p.id, "service_id": s.id, "number": p.number, "description": p.description}
            )
        for code in sorted(lang.code for lang in s.languages):
            rows["language"].append(
                {"id": f"{s.id}-language-{code}", "service_id": s.id, "code": code}
            )
        for h in sorted(s.schedules, key=lambda h: (h.weekday, h.opens_at, h.id)):
            rows["schedule"].append(
                {
                    "id": h.id,
                    "service_id": s.id,
                    "freq": "WEEKLY",
                    "byday": DAYS[h.weekday - 1],
                    "opens_at": _hhmm(h.opens_at),
                    "closes_at": _hhmm(h.closes_at),
                    "timezone": h.timezone,
                }
            )
        for a in sorted(s.areas, key=lambda a: a.id):
            extent = (
                "remote"
                if a.remote
                else (f"city:{a.country}:{a.city_key}" if a.city_key else f"country:{a.country}")
            )
            rows["service_area"].append(
                {"id": a.id, "service_id": s.id, "extent_type": "text", "extent": extent}
            )
        for t in sorted(s.translations, key=lambda t: t.language):
            rows["service_translation"].append(
                {
                    "service_id": s.id,
                    "language": t.language,
                    "name": t.name,
                    "description": t.description,
                }
            )
        for link in sorted(s.at_locations, key=lambda link: link.id):
            rows["service_at_location"].append(
                {"id": link.id, "service_id": s.id, "location_id": link.location_id}
            )
    for loc in session.scalars(select(Location).order_by(Location.id)):
        rows["location"].append(
            {
                "id": loc.id,
                "organization_id": loc.organization_id,
                "location_type": "physical",
                "name": loc.name,
                "latitude": loc.latitude,
                "longitude": loc.longitude,
            }
        )
        rows["address"].append(
            {
                "id": f"{loc.id}-address",
                "location_id": loc.id,
                "address_type": "physical",
                "address_1": loc.address_1,
                "city": loc.city,
                "postal_code": loc.postal_code,
                "country": loc.country,
            }
        )
    for table, columns in TABLES.items():
        with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            for row in rows[table]:
                writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return {table: len(rows[table]) for table in TABLES}


@dataclass
class _Tables:
    folder: Path
    rows: dict[str, list[tuple[int, dict[str, str]]]]
    errors: list[RowError]

    def error(self, table: str, row: int, column: str, problem: str, fix: str) -> None:
        self.errors.append(RowError(self.folder / f"{table}.csv", row, column, problem, fix))

    def by(self, table: str, key: str) -> dict[str, list[tuple[int, dict[str, str]]]]:
        grouped: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
        for number, row in self.rows.get(table, []):
            grouped[row.get(key) or ""].append((number, row))
        return grouped


def _read(folder: Path) -> _Tables:
    tables = _Tables(folder, {}, [])
    for table in TABLES:
        path = folder / f"{table}.csv"
        if not path.exists():
            if table in ("organization", "service"):
                tables.error(table, 1, "-", "file is missing", f"Add {table}.csv to the folder.")
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            tables.rows[table] = [
                (n, {k: (v or "").strip() for k, v in row.items() if k})
                for n, row in enumerate(csv.DictReader(handle), start=2)
            ]
    return tables


def read_folder(folder: Path) -> tuple[list[ServiceRecord], list[RowError], dict[str, str]]:
    """Records, problems, and the organisation names by id, from a folder of HSDS tables."""
    t = _read(folder)
    org_rows = {row["id"]: row for _, row in t.rows.get("organization", [])}
    orgs = {org_id: row.get("name", "") for org_id, row in org_rows.items()}
    sample_orgs = {
        row["link_id"]
        for _, row in t.rows.get("attribute", [])
        if row.get("taxonomy_term_id") == _term("attribute", "sample")
        and row.get("value") == "true"
    }
    locations = {row["id"]: row for _, row in t.rows.get("location", [])}
    addresses = {row.get("location_id", ""): row for _, row in t.rows.get("address", [])}
    links = t.by("service_at_location", "service_id")
    attributes = t.by("attribute", "link_id")
    phones, languages = t.by("phone", "service_id"), t.by("language", "service_id")
    schedules, areas = t.by("schedule", "service_id"), t.by("service_area", "service_id")
    translations = t.by("service_translation", "service_id")
    records: list[ServiceRecord] = []
    for number, s in t.rows.get("service", []):
        sid = s.get("id", "")
        if not sid:
            t.error("service", number, "id", "is empty", "Give every service an id.")
            continue
        if s.get("organization_id") not in orgs:
            t.error(
                "service",
                number,
                "organization_id",
                f'"{s.get("organization_id")}" is not in organization.csv',
                "Use the id of an organisation row.",
            )
            continue
        try:
            status = ServiceStatus(s.get("status") or "active")
        except ValueError:
            t.error(
                "service",
                number,
                "status",
                f'"{s.get("status")}" is not an HSDS status',
                "Use active, inactive, defunct or temporarily closed.",
            )
            continue
        try:
            verified = date.fromisoformat(s.get("assured_date", ""))
        except ValueError:
            t.error(
                "service",
                number,
                "assured_date",
                f'"{s.get("assured_date")}" is not a date',
                "Write YYYY-MM-DD: the day the service was last checked.",
            )
            continue
        categories, flags = [], dict.fromkeys(FLAGS.values(), False)
        for _, a in attributes.get(sid, []):
            term = a.get("taxonomy_term_id", "")
            if term.startswith("rightsline-category-"):
                categories.append(term.removeprefix("rightsline-category-"))
            elif term.removeprefix("rightsline-attribute-") in FLAGS:
                flags[FLAGS[term.removeprefix("rightsline-attribute-")]] = a.get("value") == "true"
        hours, zone = [], ""
        for row_number, h in schedules.get(sid, []):
            day = h.get("byday", "").upper()
            try:
                opens = time.fromisoformat(h.get("opens_at", ""))
                closes = time.fromisoformat(h.get("closes_at", ""))
            except ValueError:
                t.error(
                    "schedule",
                    row_number,
                    "opens_at",
                    "times must look like 09:00",
                    "Write opens_at and closes_at as HH:MM.",
                )
                continue
            if h.get("freq", "WEEKLY").upper() != "WEEKLY" or day not in DAYS:
                t.error(
                    "schedule",
                    row_number,
                    "byday",
                    f'"{day}" is not a weekly day',
                    "Use freq WEEKLY and byday MO, TU, WE, TH, FR, SA or SU.",
                )
                continue
            hours.append(Hours(DAYS.index(day) + 1, opens, closes))
            zone = h.get("timezone") or zone
        link = next(iter(links.get(sid, [])), (0, {}))[1]
        location = locations.get(link.get("location_id", ""), {})
        address = addresses.get(location.get("id", ""), {})
        remote, served = False, []
        for row_number, a in areas.get(sid, []):
            kind, _, place = (a.get("extent") or "").partition(":")
            country, _, city = place.partition(":")
            if kind == "remote":
                remote = True
            elif len(country) == 2 and (kind, bool(city)) in (("country", False), ("city", True)):
                served.append((country.upper(), city or None))
            else:
                t.error(
                    "service_area",
                    row_number,
                    "extent",
                    f'"{a.get("extent")}" is not an area',
                    "Write remote, country:PL or city:PL:warsaw.",
                )
        try:
            latitude = float(location["latitude"]) if location.get("latitude") else None
            longitude = float(location["longitude"]) if location.get("longitude") else None
        except ValueError:
            t.error(
                "location",
                0,
                "latitude",
                f"service {sid}: coordinates are not numbers",
                "Write decimal degrees.",
            )
            continue
        try:
            ages = [int(s[k]) if s.get(k) else None for k in ("minimum_age", "maximum_age")]
        except ValueError:
            t.error(
                "service",
                number,
                "minimum_age",
                "ages must be whole numbers",
                "Write minimum_age and maximum_age as numbers, or leave them empty.",
            )
            continue
        record = ServiceRecord(
            service_id=sid,
            fees_description=s.get("fees_description") or None,
            eligibility_description=s.get("eligibility_description") or None,
            minimum_age=ages[0],
            maximum_age=ages[1],
            organization=orgs[s["organization_id"]],
            organization_details=tuple(  # type: ignore[arg-type]
                org_rows[s["organization_id"]].get(k) or None
                for k in ("description", "email", "website")
            ),
            name=s.get("name", ""),
            description=s.get("description") or None,
            categories=tuple(sorted(c for c in categories if c in CATEGORIES)),
            address=address.get("address_1") or None,
            city=address.get("city", ""),
            country=address.get("country", ""),
            latitude=latitude,
            longitude=longitude,
            phones=tuple(p.get("number", "") for _, p in phones.get(sid, []) if p.get("number")),
            languages=tuple(lang.get("code", "") for _, lang in languages.get(sid, [])),
            hours=tuple(hours),
            timezone=zone or "UTC",
            flags={**flags, "remote": remote},
            areas=tuple(served),
            status=status,
            last_verified_on=verified,
            verified_by=s.get("assurer_email", ""),
            translations={
                tr.get("language", ""): (tr.get("name", ""), tr.get("description") or None)
                for _, tr in translations.get(sid, [])
            },
        )
        digest = hashlib.sha256(json.dumps(repr(record), sort_keys=True).encode()).hexdigest()
        records.append(_with_hash(record, digest, sample=s["organization_id"] in sample_orgs))
    return records, t.errors, orgs


def _with_hash(record: ServiceRecord, digest: str, *, sample: bool) -> ServiceRecord:
    name = record.organization
    if sample and not name.endswith("(sample)"):
        name = f"{name} (sample)"
    return replace(record, row_hash=digest, organization=name)


def import_folder(session: Session, folder: Path, *, dry_run: bool = False) -> ImportReport:
    """Import a folder of HSDS tables, all or nothing, like :func:`import_sheet`."""
    records, errors, _ = read_folder(folder)
    return import_records(session, records, errors, source=folder.name, dry_run=dry_run)
