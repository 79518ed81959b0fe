"""`make bench` (directory part): 100,000 generated services on SQLite and PostgreSQL.

Reports p50/p95 of a category + city search and of a nearest-10 search with filters, the time
to import the sample sheet, and the query plans the searches rely on.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from datetime import time as clock
from pathlib import Path

from sqlalchemy import Engine, insert, text
from sqlalchemy.orm import Session

from bot.directory.commands import SAMPLE_DIRECTORY
from bot.directory.hsds import import_folder
from bot.directory.models import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    ServiceLanguage,
)
from bot.directory.search import SearchQuery, search
from bot.directory.taxonomy import CATEGORIES
from bot.places import fold
from bot.storage.db import make_engine
from bot.storage.migrate import upgrade

SERVICES = int(os.environ.get("BENCH_SERVICES", "100000"))
QUERIES = 200
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CITIES = [  # (country, city, latitude, longitude, time zone)
    ("PL", "Warsaw", 52.23, 21.01, "Europe/Warsaw"),
    ("PL", "Kraków", 50.06, 19.94, "Europe/Warsaw"),
    ("DE", "Berlin", 52.52, 13.40, "Europe/Berlin"),
    ("DE", "Munich", 48.14, 11.58, "Europe/Berlin"),
    ("FR", "Paris", 48.86, 2.35, "Europe/Paris"),
    ("FR", "Marseille", 43.30, 5.37, "Europe/Paris"),
    ("ES", "Madrid", 40.42, -3.70, "Europe/Madrid"),
    ("ES", "Barcelona", 41.39, 2.17, "Europe/Madrid"),
    ("IT", "Rome", 41.90, 12.50, "Europe/Rome"),
    ("IT", "Milan", 45.46, 9.19, "Europe/Rome"),
    ("LB", "Beirut", 33.89, 35.50, "Asia/Beirut"),
    ("JO", "Amman", 31.95, 35.93, "Asia/Amman"),
    ("CO", "Bogotá", 4.71, -74.07, "America/Bogota"),
    ("CO", "Cúcuta", 7.89, -72.50, "America/Bogota"),
]
# Many small towns around each big city, so a city search is selective as in real data.
TOWNS = 40


def _rows(rng: random.Random) -> dict[str, list[dict[str, object]]]:
    tables: dict[str, list[dict[str, object]]] = {
        name: []
        for name in (
            "organization",
            "service",
            "category",
            "language",
            "location",
            "at",
            "schedule",
        )
    }
    tables["organization"] = [
        {"id": f"o{i}", "name": f"Org {i}", "sample": True} for i in range(1000)
    ]
    for i in range(SERVICES):
        country, city, lat, lon, zone = rng.choice(CITIES)
        town = rng.randrange(TOWNS)
        name = city if town == 0 else f"{city} {town}"
        sid = f"s{i}"
        tables["service"].append(
            {
                "id": sid,
                "organization_id": f"o{i % 1000}",
                "name": f"Service {i}",
                "status": "active",
                "free_of_charge": rng.random() < 0.8,
                "no_documents_required": rng.random() < 0.5,
                "safe_regardless_of_status": True,
                "women_only": False,
                "children": False,
                "accessible": True,
                "original_language": "en",
                "last_verified_on": date(2026, rng.randint(1, 11), 1),
                "verified_by": "bench",
            }
        )
        for category in rng.sample(sorted(CATEGORIES), 2):
            tables["category"].append({"service_id": sid, "category": category})
        for code in rng.sample(["en", "fr", "es", "ar", "uk", "ru"], 2):
            tables["language"].append({"service_id": sid, "code": code})
        tables["location"].append(
            {
                "id": f"l{i}",
                "city": name,
                "city_key": fold(name),
                "country": country,
                "latitude": lat + rng.uniform(-0.3, 0.3),
                "longitude": lon + rng.uniform(-0.3, 0.3),
            }
        )
        tables["at"].append({"id": f"a{i}", "service_id": sid, "location_id": f"l{i}"})
        for day in range(1, 6):
            tables["schedule"].append(
                {
                    "id": f"h{i}-{day}",
                    "service_id": sid,
                    "weekday": day,
                    "opens_at": clock(rng.choice([8, 9, 10])),
                    "closes_at": clock(rng.choice([16, 17, 20])),
                    "timezone": zone,
                }
            )
    return tables


def _load(engine: Engine, tables: dict[str, list[dict[str, object]]]) -> float:
    start = time.perf_counter()
    models = {
        "organization": Organization,
        "service": Service,
        "category": ServiceCategory,
        "language": ServiceLanguage,
        "location": Location,
        "at": ServiceAtLocation,
        "schedule": Schedule,
    }
    with engine.begin() as conn:
        for name, model in models.items():
            rows = tables[name]
            for chunk in range(0, len(rows), 5000):
                conn.execute(insert(model), rows[chunk : chunk + 5000])
        conn.execute(text("ANALYZE"))  # fresh statistics, as a live database would have
    return time.perf_counter() - start


def _timed(run: Callable[[int], object], count: int) -> tuple[float, float]:
    timings = []
    for i in range(count):
        start = time.perf_counter()
        run(i)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def _plan(session: Session, query: SearchQuery, scope: str) -> list[str]:
    """The database's plan for the candidate query of ``scope``."""
    from bot.directory import search as module

    captured: list[str] = []
    original = session.execute

    def capture(statement, *args, **kwargs):  # type: ignore[no-untyped-def]
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        sqlite = session.get_bind().dialect.name == "sqlite"
        prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
        captured.extend(str(r[-1]) for r in original(text(prefix + str(compiled))))
        return original(statement, *args, **kwargs)

    session.execute = capture  # type: ignore[method-assign]
    try:
        module._candidates(session, query, scope, today=NOW.date(), max_age_days=365)
    finally:
        session.execute = original  # type: ignore[method-assign]
    return captured


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """An empty SQLite file or PostgreSQL schema, removed afterwards."""
    if kind == "SQLite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def bench(label: str, url: str, tables: dict[str, list[dict[str, object]]]) -> None:
    """Load, time and explain on one database."""
    rng = random.Random(7)
    upgrade(url)
    engine = make_engine(url)
    load = _load(engine, tables)
    categories = sorted(CATEGORIES)
    print(f"\n## {label}: {SERVICES:,} services loaded in {load:.1f} s")
    with Session(engine) as session:

        def by_city(i: int) -> object:
            country, city, *_ = CITIES[i % len(CITIES)]
            town = rng.randrange(1, TOWNS)
            query = SearchQuery(
                category=rng.choice(categories), country=country, city=f"{city} {town}"
            )
            return search(session, query, now=NOW)

        def nearest(i: int) -> object:
            _, _, lat, lon, _ = CITIES[i % len(CITIES)]
            query = SearchQuery(
                category=rng.choice(categories),
                near=(lat, lon),
                radius_km=5,
                free=True,
                languages=("ar", "uk"),
                limit=10,
            )
            return search(session, query, now=NOW)

        p50, p95 = _timed(by_city, QUERIES)
        print(f"category + city:   p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  (target p95 < 20)")
        p50, p95 = _timed(nearest, QUERIES)
        print(f"nearest-10 filtered: p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  (target p95 < 20)")
        example = SearchQuery(category="legal_aid", country="PL", city="Warsaw 3")
        print("plan, category + city:\n  " + "\n  ".join(_plan(session, example, "city")))
        near = SearchQuery(category="legal_aid", near=(52.23, 21.01), radius_km=5, free=True)
        print("plan, nearest:\n  " + "\n  ".join(_plan(session, near, "near")))
    engine.dispose()
    with fresh_database(label) as empty:
        upgrade(empty)
        sample_engine = make_engine(empty)
        start = time.perf_counter()
        with Session(sample_engine) as session, session.begin():
            report = import_folder(session, SAMPLE_DIRECTORY)
        elapsed = (time.perf_counter() - start) * 1000
        print(f"import of the sample sheet ({len(report.added)} services): {elapsed:.0f} ms")
        sample_engine.dispose()


def main() -> None:
    """Generate once, measure on both databases."""
    tables = _rows(random.Random(42))
    for kind in ("SQLite", "PostgreSQL"):
        with fresh_database(kind) as url:
            bench(kind, url, tables)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
