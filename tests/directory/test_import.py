"""The one-sheet CSV import: validation with row and column, transactions, dry runs."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.directory.importer import import_sheet
from bot.directory.models import Service, ServiceStatus
from bot.directory.sheet import Hours, parse_areas, parse_hours, read_sheet
from bot.directory.taxonomy import CATEGORIES
from bot.i18n.responses import book
from bot.storage.db import session_scope

HEADER = [
    "service_id", "organization", "service_name", "description", "categories", "address",
    "city", "country", "latitude", "longitude", "phone", "languages", "hours", "timezone",
    "free", "no_documents", "safe_regardless_of_status", "women_only", "children",
    "accessible", "status", "last_verified_on", "verified_by", "remote", "areas_served", "name_fr",
    "description_fr",
]  # fmt: skip


def row(service_id: str, **changes: str) -> dict[str, str]:
    base = {
        "service_id": service_id, "organization": "Test Org (sample)",
        "service_name": f"Legal help {service_id}", "description": "Free lawyers.",
        "categories": "legal_aid", "address": "1 Main St", "city": "Warsaw", "country": "PL",
        "latitude": "52.23", "longitude": "21.01", "phone": "+48 000 000 001",
        "languages": "pl;uk", "hours": "Mon-Fri 09:00-17:00", "timezone": "Europe/Warsaw",
        "free": "yes", "no_documents": "no", "safe_regardless_of_status": "yes",
        "women_only": "no", "children": "no", "accessible": "yes", "status": "active",
        "last_verified_on": "2026-11-01", "verified_by": "team-pl", "remote": "no",
        "areas_served": "",
        "name_fr": "Aide juridique", "description_fr": "Avocats gratuits.",
    }  # fmt: skip
    return {**base, **changes}


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def db(migrated_database: str) -> Iterator[Session]:
    with session_scope() as session:
        yield session


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Service)) or 0)


def test_the_taxonomy_is_the_one_the_responses_name() -> None:
    assert set(book().service_types) == CATEGORIES


def test_hours_grammar() -> None:
    assert parse_hours("Mon-Tue 09:00-12:00; Sat 20:00-02:00") == (
        Hours(1, time(9), time(12)),
        Hours(2, time(9), time(12)),
        Hours(6, time(20), time(2)),
    )
    assert [h.weekday for h in parse_hours("Sat-Mon 10:00-11:00")] == [6, 7, 1]
    assert parse_hours("Mon-Sun 00:00-24:00")[0] == Hours(1, time(0), time(0))
    assert parse_hours("") == ()
    with pytest.raises(ValueError, match="Monday"):
        parse_hours("Monday 9-5")
    with pytest.raises(ValueError, match="does not exist"):
        parse_hours("Mon 25:00-26:00")


def test_three_broken_rows_are_all_named_and_nothing_changes(db: Session, tmp_path: Path) -> None:
    good = write(tmp_path / "good.csv", [row("a"), row("b")])
    assert import_sheet(db, good).added == ["a", "b"]
    broken = write(
        tmp_path / "broken.csv",
        [
            row("a", service_name="Renamed"),
            row("c", categories="lawyers"),
            row("d", hours="Monday 9-5", country="Atlantis"),
            row("e", last_verified_on="yesterday"),
        ],
    )
    for dry_run in (True, False):
        report = import_sheet(db, broken, dry_run=dry_run)
        assert not report.ok
        assert {(e.row, e.column) for e in report.errors} == {
            (3, "categories"), (4, "hours"), (4, "country"), (5, "last_verified_on"),
        }  # fmt: skip
        assert report.added == report.changed == []
    assert "broken.csv: row 3, column categories" in str(report.errors[0])
    assert count(db) == 2
    assert db.get_one(Service, "a").name == "Legal help a"


def test_reimport_tells_added_changed_unchanged_deactivated(db: Session, tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    write(path, [row("a"), row("b"), row("c")])
    assert import_sheet(db, path).added == ["a", "b", "c"]
    write(path, [row("a"), row("b", hours="Mon 10:00-12:00"), row("d")])
    dry = import_sheet(db, path, dry_run=True)
    assert (dry.added, dry.changed, dry.deactivated, dry.unchanged) == (["d"], ["b"], ["c"], 1)
    assert count(db) == 3
    assert db.get_one(Service, "c").status is ServiceStatus.active
    real = import_sheet(db, path)
    assert (real.added, real.changed, real.deactivated) == (["d"], ["b"], ["c"])
    assert db.get_one(Service, "c").status is ServiceStatus.inactive
    assert [s.weekday for s in db.get_one(Service, "b").schedules] == [1]
    assert {t.language: t.name for t in db.get_one(Service, "d").translations} == {
        "fr": "Aide juridique"
    }


def test_missing_columns_and_duplicate_ids(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("service_id,organization\nx,y\n")
    records, errors = read_sheet(path)
    assert records == []
    assert {e.column for e in errors} >= {"categories", "city", "timezone"}
    write(path, [row("a"), row("a")])
    records, errors = read_sheet(path)
    assert [(e.row, e.column) for e in errors] == [(3, "service_id")]
    assert "also on row 2" in errors[0].problem


def test_areas_served(db: Session, tmp_path: Path) -> None:
    assert parse_areas("PL; Lviv, UA ;Krakow,Pologne") == (
        ("PL", None),
        ("UA", "Lviv"),
        ("PL", "Krakow"),
    )
    with pytest.raises(ValueError, match="Narnia"):
        parse_areas("PL; Narnia")
    path = write(tmp_path / "areas.csv", [row("a", areas_served="Kraków, PL; DE", remote="yes"),
                                          row("b", areas_served="Lviv; PL")])  # fmt: skip
    report = import_sheet(db, path)
    assert [(e.row, e.column) for e in report.errors] == [(3, "areas_served")]
    write(path, [row("a", areas_served="Kraków, PL; DE", remote="yes")])
    assert import_sheet(db, path).ok
    areas = {(a.country, a.city_key, a.remote) for a in db.get_one(Service, "a").areas}
    assert areas == {("PL", "krakow", False), ("DE", None, False), ("PL", None, True)}
