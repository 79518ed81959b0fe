"""The endpoints file `rightsline run` writes for Rasa."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.rasa.stack import endpoints_config, tracker_store_config, write_endpoints
from bot.settings import Settings


def test_sqlite_tracker_store_gets_its_folder(tmp_path: Path) -> None:
    config = tracker_store_config(f"sqlite:///{tmp_path / 'deep' / 'tracker.db'}")
    assert config == {"type": "SQL", "dialect": "sqlite", "db": str(tmp_path / "deep/tracker.db")}
    assert (tmp_path / "deep").is_dir()


def test_postgresql_tracker_store_is_split_into_rasa_fields() -> None:
    config = tracker_store_config("postgresql://rasa:pw@db.local:5433/rasa")
    assert config == {
        "type": "SQL",
        "dialect": "postgresql",
        "db": "rasa",
        "url": "db.local",
        "port": 5433,
        "username": "rasa",
        "password": "pw",
    }


def test_postgresql_query_options_reach_rasa() -> None:
    config = tracker_store_config("postgresql://u@h/db?sslmode=require")
    assert config["query"] == {"sslmode": "require"}


def test_other_databases_are_refused() -> None:
    with pytest.raises(ValueError, match="mysql is not supported"):
        tracker_store_config("mysql://x@y/z")


def test_endpoints_point_at_the_action_server_and_redis(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path, action_server_port=6000, redis_url="redis://:s@r:6380/2")
    config = endpoints_config(settings)
    assert config["action_endpoint"] == {"url": "http://127.0.0.1:6000/webhook"}
    assert config["nlg"] == {"url": "http://127.0.0.1:6000/nlg"}
    assert config["lock_store"] == {
        "type": "redis",
        "url": "r",
        "port": 6380,
        "db": 2,
        "password": "s",
    }
    path = write_endpoints(settings)
    assert yaml.safe_load(path.read_text()) == config
    assert path.stat().st_mode & 0o777 == 0o600


def test_no_redis_means_rasa_default_lock_store(tmp_path: Path) -> None:
    assert "lock_store" not in endpoints_config(Settings(var_dir=tmp_path))
