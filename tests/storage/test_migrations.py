"""Migrations and the profile store on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import bot.directory.models  # noqa: F401  (the directory tables)
from bot.profiles import forget_profile, get_profile, save_profile
from bot.storage.db import make_engine, session_scope
from bot.storage.migrate import downgrade, upgrade
from bot.storage.models import Base


def test_migrations_match_the_models(migrated_database: str) -> None:
    engine = make_engine(migrated_database)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_then_upgrade_again(migrated_database: str) -> None:
    downgrade(migrated_database, "base")
    engine = make_engine(migrated_database)
    assert "profiles" not in inspect(engine).get_table_names()
    upgrade(migrated_database)
    assert "profiles" in inspect(engine).get_table_names()
    engine.dispose()


def test_profile_is_saved_updated_and_forgotten(migrated_database: str) -> None:
    with session_scope() as session:
        save_profile(session, pseudonym="p1", language="en", country="ES")
    with session_scope() as session:
        save_profile(session, pseudonym="p1", language="fr")  # country kept
        assert get_profile(session, pseudonym="p1") == get_profile(session, pseudonym="p1")
    with session_scope() as session:
        profile = get_profile(session, pseudonym="p1")
        assert profile is not None
        assert (profile.language, profile.country) == ("fr", "ES")
        assert forget_profile(session, pseudonym="p1") == 1
    with session_scope() as session:
        assert get_profile(session, pseudonym="p1") is None
        assert forget_profile(session, pseudonym="p1") == 0


def test_sqlite_runs_in_wal_mode(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'sub' / 'wal.db'}"
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()
