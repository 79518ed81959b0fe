"""Put a sheet's records into the directory in one transaction, or tell what it would do."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.directory.models import (
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCategory,
    ServiceLanguage,
    ServiceStatus,
    ServiceTranslation,
)
from bot.directory.places import city_key
from bot.directory.sheet import RowError, ServiceRecord, read_sheet
from bot.places import fold


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    source: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """Whether the file had no problem (only then is anything written)."""
        return not self.errors


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "organization"


def _organization(session: Session, record: ServiceRecord) -> Organization:
    name = record.organization
    org_id = f"org-{_slug(name)}"
    organization = session.get(Organization, org_id)
    if organization is None:
        organization = Organization(id=org_id, name=name, sample=name.endswith("(sample)"))
        session.add(organization)
        session.flush()  # locations refer to it by key only
    description, email, website = record.organization_details
    if any(record.organization_details):
        organization.description, organization.email, organization.website = (
            description,
            email,
            website,
        )
    return organization


def _fill(session: Session, service: Service, record: ServiceRecord, source: str) -> None:
    sid = record.service_id
    service.organization_id = _organization(session, record).id
    service.name = record.name
    service.description = record.description
    service.status = record.status
    service.fees_description = record.fees_description
    service.eligibility_description = record.eligibility_description
    service.minimum_age = record.minimum_age
    service.maximum_age = record.maximum_age
    service.free_of_charge = record.flags["free"]
    service.no_documents_required = record.flags["no_documents"]
    service.safe_regardless_of_status = record.flags["safe_regardless_of_status"]
    service.women_only = record.flags["women_only"]
    service.children = record.flags["children"]
    service.accessible = record.flags["accessible"]
    service.last_verified_on = record.last_verified_on
    service.verified_by = record.verified_by
    service.source = source
    service.row_hash = record.row_hash
    service.categories = [ServiceCategory(category=c) for c in dict.fromkeys(record.categories)]
    service.languages = [ServiceLanguage(code=c) for c in dict.fromkeys(record.languages)]
    service.phones = [Phone(id=f"{sid}-phone-{i}", number=n) for i, n in enumerate(record.phones)]
    service.schedules = [
        Schedule(
            id=f"{sid}-hours-{i}",
            weekday=h.weekday,
            opens_at=h.opens_at,
            closes_at=h.closes_at,
            timezone=record.timezone,
        )
        for i, h in enumerate(sorted(record.hours, key=lambda h: (h.weekday, h.opens_at)))
    ]
    service.translations = [
        ServiceTranslation(language=lang, name=name, description=description)
        for lang, (name, description) in record.translations.items()
    ]
    service.areas = [
        ServiceArea(id=f"{sid}-area-{i}", country=land, city_key=city_key(city) if city else None)
        for i, (land, city) in enumerate(record.areas, start=1)
    ]
    if record.flags["remote"]:
        service.areas.append(ServiceArea(id=f"{sid}-area-0", country=record.country, remote=True))
    location = session.get(Location, f"{sid}-location") or Location(id=f"{sid}-location")
    location.organization_id = service.organization_id
    location.address_1 = record.address
    location.city = record.city
    location.city_key = city_key(record.city)
    location.country = record.country
    location.latitude = record.latitude
    location.longitude = record.longitude
    session.add(location)
    if not service.at_locations:
        service.at_locations = [ServiceAtLocation(id=f"{sid}-at", location_id=location.id)]


def apply_records(
    session: Session, records: list[ServiceRecord], *, source: str, report: ImportReport
) -> None:
    """Add new services, update changed ones, deactivate the source's services now missing."""
    existing = {s.id: s for s in session.scalars(select(Service).where(Service.source == source))}
    with session.no_autoflush:  # a new service is added once it is complete
        for record in records:
            service = existing.pop(record.service_id, None) or session.get(
                Service, record.service_id
            )
            if service is None:
                service = Service(id=record.service_id)
                report.added.append(record.service_id)
            elif service.row_hash == record.row_hash and service.source == source:
                report.unchanged += 1
                continue
            else:
                report.changed.append(record.service_id)
            _fill(session, service, record, source)
            session.add(service)
    for service in existing.values():
        if service.status is not ServiceStatus.inactive:
            service.status = ServiceStatus.inactive
            report.deactivated.append(service.id)
    session.flush()


def import_sheet(session: Session, path: Path, *, dry_run: bool = False) -> ImportReport:
    """Validate the whole file; write it only when every row is valid and it is not a dry run.

    The caller's transaction makes it all-or-nothing; a dry run rolls back what it computed.
    """
    records, errors = read_sheet(path)
    return import_records(session, records, errors, source=path.name, dry_run=dry_run)


def import_records(
    session: Session,
    records: list[ServiceRecord],
    errors: list[RowError],
    *,
    source: str,
    dry_run: bool,
) -> ImportReport:
    """Apply validated records in a savepoint: nothing when any row had a problem, and
    rolled back after computing the report when it is a dry run."""
    report = ImportReport(source=source, errors=errors, dry_run=dry_run)
    if errors:
        return report
    savepoint = session.begin_nested()
    apply_records(session, records, source=source, report=report)
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return report
