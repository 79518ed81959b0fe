"""HSDS CSV export and import: the round trip keeps everything; bad folders change nothing."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.directory.commands import SAMPLE_DIRECTORY
from bot.directory.hsds import TABLES, export_folder, import_folder
from bot.directory.models import Organization, Service
from bot.storage.db import engine, session_scope
from bot.storage.migrate import downgrade, upgrade


@pytest.fixture
def db(migrated_database: str) -> Iterator[Session]:
    with session_scope() as session:
        yield session


def _files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.csv"))}


def test_round_trip_of_the_sample_directory(migrated_database: str, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    with session_scope() as session:
        assert import_folder(session, SAMPLE_DIRECTORY).ok
        export_folder(session, tmp_path / "sample")
        assert _files(tmp_path / "sample") == _files(SAMPLE_DIRECTORY)  # byte for byte
        org = session.scalars(select(Organization).order_by(Organization.id)).first()
        assert org is not None
        org.email, org.website = "desk@example.org", "https://example.org"
        service = session.get_one(Service, "sample-pl-001")
        service.fees_description, service.minimum_age = "Free for everyone", 16
        counts = export_folder(session, first)
    assert counts["service"] == 197
    assert set(counts) == set(TABLES)
    downgrade(migrated_database, "0001")  # an empty directory
    upgrade(migrated_database)
    engine().dispose()  # PostgreSQL: pooled connections cached plans of the old tables
    with session_scope() as session:
        report = import_folder(session, first)
        assert report.ok, report.errors[:3]
        assert len(report.added) == 197
    with session_scope() as session:
        export_folder(session, second)
        # importing the same folder again changes nothing
        again = import_folder(session, first, dry_run=True)
    assert _files(first) == _files(second)
    assert "desk@example.org" in _files(second)["organization.csv"]
    assert "Free for everyone" in _files(second)["service.csv"]
    assert "country:PL" in _files(second)["service_area.csv"]
    assert (again.added, again.changed, again.deactivated) == ([], [], [])


def test_a_bad_folder_names_every_problem_and_changes_nothing(db: Session, tmp_path: Path) -> None:
    assert import_folder(db, SAMPLE_DIRECTORY).ok
    folder = tmp_path / "hsds"
    export_folder(db, folder)
    service = folder / "service.csv"
    with service.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["assured_date"] = "last year"
    rows[1]["organization_id"] = "nobody"
    rows[2]["status"] = "open"
    with service.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    before = db.scalar(select(func.count()).select_from(Service))
    report = import_folder(db, folder)
    assert [(e.path.name, e.row, e.column) for e in report.errors] == [
        ("service.csv", 2, "assured_date"),
        ("service.csv", 3, "organization_id"),
        ("service.csv", 4, "status"),
    ]
    assert report.added == report.changed == []
    assert db.scalar(select(func.count()).select_from(Service)) == before
