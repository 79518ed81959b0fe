"""Shared fixtures: settings pointed at temporary folders, and real SQLite / PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from bot.settings import get_settings
from bot.storage import db

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _clear_caches() -> None:
    get_settings.cache_clear()
    db.engine.cache_clear()
    db._factory.cache_clear()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own var/ folder, SQLite databases and secret."""
    var = tmp_path / "var"
    monkeypatch.setenv("VAR_DIR", str(var))
    monkeypatch.setenv("RIGHTSLINE_SECRET", "test-secret")
    for name in ("DATABASE_URL", "TRACKER_STORE_URL", "HOTLINE_PHONE", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    _clear_caches()
    yield var
    if db.engine.cache_info().currsize:
        db.engine().dispose()
    _clear_caches()


def postgres_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for one test, dropped afterwards. Fails loudly when down."""
    admin = create_engine(POSTGRES_URL)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except OperationalError as exc:
        admin.dispose()
        pytest.fail(
            "PostgreSQL is not reachable on 127.0.0.1:5432 (database `test`, trust auth). "
            "Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main "
            f"start ({exc.orig})"
        )
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The app database on SQLite (a file) and on PostgreSQL (a fresh schema)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'app.db'}"
    else:
        yield from postgres_schema_url()


@pytest.fixture
def migrated_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """``database_url`` migrated to head and configured as DATABASE_URL."""
    from bot.storage.migrate import upgrade

    upgrade(database_url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    _clear_caches()
    return database_url
