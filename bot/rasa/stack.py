"""Train the model and run the stack (Rasa + action server) with honcho and a Procfile."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import yaml
from sqlalchemy.engine import make_url

from bot.settings import ROOT, Settings

logger = logging.getLogger(__name__)

RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
HONCHO_BIN = ROOT / ".venv" / "bin" / "honcho"
PROCFILE = ROOT / "Procfile"
TRAINING_DATA = ("data/nlu", "data/stories", "data/rules")

#: Rasa never phones home, and TensorFlow keeps its start-up chatter to itself.
RASA_ENV = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def rasa_env() -> dict[str, str]:
    """The environment for any ``rasa`` command."""
    return {**os.environ, **RASA_ENV}


def train(*, out: Path = ROOT / "models") -> bool:
    """Train unless the latest model in ``out`` already matches the data; True if it trained.

    ``rasa train --dry-run`` compares fingerprints (exit code 0: nothing to retrain). Only the
    newest model is kept: `rasa run --model models` loads the newest anyway.
    """
    command = [
        str(RASA_BIN), "train", "--domain", "domain.yml", "--config", "config.yml",
        "--data", *TRAINING_DATA, "--out", str(out),
    ]  # fmt: skip
    models = sorted(out.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if models:
        dry_run = subprocess.run(  # noqa: S603
            [*command, "--dry-run"], cwd=ROOT, env=rasa_env(), capture_output=True, check=False
        )
        if dry_run.returncode == 0:
            logger.info("the model %s matches the training data: not retraining", models[-1].name)
            return False
    subprocess.run(command, cwd=ROOT, env=rasa_env(), check=True)  # noqa: S603
    for old in sorted(out.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)[:-1]:
        old.unlink()
    return True


def train_nlu(*, config: Path, out: Path) -> Path:
    """An NLU-only model of ``config`` on data/nlu (to compare pipelines); its path."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.tar.gz"):
        old.unlink()
    command = [str(RASA_BIN), "train", "nlu", "--config", str(config), "--nlu", "data/nlu",
               "--out", str(out)]  # fmt: skip
    subprocess.run(command, cwd=ROOT, env=rasa_env(), check=True)  # noqa: S603
    return next(out.glob("*.tar.gz"))


def tracker_store_config(url: str) -> dict[str, Any]:
    """Rasa's SQL tracker store settings for a SQLAlchemy URL (sqlite or postgresql)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        db = parsed.database or ""
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        return {"type": "SQL", "dialect": "sqlite", "db": db}
    if backend != "postgresql":
        raise ValueError(f"TRACKER_STORE_URL: {backend} is not supported (sqlite or postgresql)")
    config: dict[str, Any] = {"type": "SQL", "dialect": "postgresql", "db": parsed.database}
    for key, value in (
        ("url", parsed.host),
        ("port", parsed.port),
        ("username", parsed.username),
        ("password", parsed.password),
    ):
        if value:
            config[key] = value
    if parsed.query:  # e.g. ?sslmode=require or ?options=-csearch_path=rasa
        config["query"] = {
            k: v if isinstance(v, str) else ",".join(v) for k, v in parsed.query.items()
        }
    return config


def endpoints_config(settings: Settings) -> dict[str, Any]:
    """endpoints.yml for ``rasa run``: action server, NLG, tracker store, lock store."""
    config: dict[str, Any] = {
        "action_endpoint": {"url": f"{settings.action_server_url}/webhook"},
        "nlg": {"url": f"{settings.action_server_url}/nlg"},
        "tracker_store": tracker_store_config(settings.resolved_tracker_store_url()),
    }
    if settings.redis_url:
        redis = make_url(settings.redis_url)
        config["lock_store"] = {
            "type": "redis",
            "url": redis.host or "127.0.0.1",
            "port": redis.port or 6379,
            "db": int(redis.database or 0),
        }
        if redis.password:
            config["lock_store"]["password"] = redis.password
    return config


def write_endpoints(settings: Settings) -> Path:
    """Write the generated endpoints file under var/ (it may hold a password: mode 600)."""
    path = settings.var_dir / "endpoints.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(endpoints_config(settings), sort_keys=True))
    path.chmod(0o600)
    return path


def wait_until_healthy(urls: list[str], process: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait until every URL answers 200; fail when ``process`` stops or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    pending = list(urls)
    while pending:
        if process.poll() is not None:
            raise RuntimeError("the process stopped while starting; see the log file")
        if time.monotonic() > deadline:
            raise TimeoutError(f"not healthy after {timeout:.0f}s: {', '.join(pending)}")
        try:
            if httpx.get(pending[0], timeout=2).status_code == 200:
                pending.pop(0)
                continue
        except httpx.HTTPError:
            pass
        time.sleep(1)


class Stack:
    """Rasa and the action server under honcho, with their output in one log file."""

    def __init__(self, settings: Settings, *, log_file: Path) -> None:
        self.settings = settings
        self.log_file = log_file
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, timeout: float = 300) -> None:
        """Start both processes and return once both answer."""
        write_endpoints(self.settings)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        env = {**rasa_env(), **self.settings.as_env(), "PYTHONUNBUFFERED": "1"}
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [
                    str(HONCHO_BIN),
                    "--no-colour",
                    "-e",
                    os.devnull,
                    "-f",
                    str(PROCFILE),
                    "-d",
                    str(ROOT),
                    "start",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            urls = [f"{self.settings.rasa_url}/", f"{self.settings.action_server_url}/health"]
            wait_until_healthy(urls, self.process, timeout)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop honcho, which stops Rasa and the action server."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
