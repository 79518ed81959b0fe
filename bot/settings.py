"""One typed settings object for the application runtime, read from the environment.

Every variable is listed in ``.env.example`` and in the README table; a test keeps the three
in sync. Secrets have no defaults: for local runs a generated secret is kept in ``var/``.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The repository root: rules/, locales/, data/ and var/ live under it.
ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Configuration of the bot, the action server and the command line."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    rightsline_secret: SecretStr | None = Field(
        default=None,
        description="Key of the HMAC that turns channel user ids into pseudonyms. "
        "Unset: a random one is generated once and kept in var/secret.",
    )
    database_url: str = Field(
        default="",
        description="App database (SQLAlchemy URL). Empty: SQLite file var/rightsline.db.",
    )
    tracker_store_url: str = Field(
        default="",
        description="Rasa tracker store (SQLAlchemy URL, sqlite or postgresql). "
        "Empty: SQLite file var/rasa_tracker.db.",
    )
    redis_url: str = Field(
        default="",
        description="Redis for Rasa's lock store when several Rasa servers run. Empty: in-memory.",
    )
    rasa_url: str = Field(
        default="http://127.0.0.1:5005", description="Where the bot and the chat reach Rasa."
    )
    rasa_port: int = Field(default=5005, description="Port `rightsline run` starts Rasa on.")
    action_server_port: int = Field(
        default=5055, description="Port of the action server (rasa-sdk actions + /nlg)."
    )
    rasa_timeout_seconds: float = Field(
        default=8.0, description="How long the chat or bot waits for Rasa before apologising."
    )
    default_language: str = Field(
        default="en", description="Language used when nothing else tells (locale code)."
    )
    hotline_phone: str = Field(
        default="",
        description="Phone number of the hotline, given with every emergency answer. "
        "Empty: the answers say the hotline cannot be reached from the chat.",
    )
    max_message_chars: int = Field(
        default=1000, description="Longer messages are cut to this length before Rasa sees them."
    )
    directory_max_age_days: int = Field(
        default=365,
        description="Services verified longer ago than this are hidden from migrants and "
        "listed by `rightsline directory stale`.",
    )
    directory_results: int = Field(default=3, description="Service cards shown per search.")
    telegram_bot_token: SecretStr | None = Field(
        default=None, description="Telegram bot token. Set: `make run` starts the Telegram bot."
    )
    var_dir: Path = Field(
        default=ROOT / "var", description="Folder for local databases, logs and the secret."
    )
    log_level: str = Field(default="INFO", description="Log level of our processes.")

    def resolved_database_url(self) -> str:
        """The app database URL, defaulting to a SQLite file under ``var_dir``."""
        return self.database_url or f"sqlite:///{self.var_dir / 'rightsline.db'}"

    def resolved_tracker_store_url(self) -> str:
        """The Rasa tracker store URL, defaulting to a SQLite file under ``var_dir``."""
        return self.tracker_store_url or f"sqlite:///{self.var_dir / 'rasa_tracker.db'}"

    @property
    def action_server_url(self) -> str:
        """Base URL of the action server as Rasa reaches it."""
        return f"http://127.0.0.1:{self.action_server_port}"

    def as_env(self) -> dict[str, str]:
        """These settings as environment variables, for the processes `rightsline run` starts."""
        env = {}
        for name, value in self.model_dump().items():
            if value is None:
                continue
            if isinstance(value, SecretStr):
                value = value.get_secret_value()
            env[name.upper()] = str(value)
        return env

    def secret(self) -> bytes:
        """The pseudonymisation key: the configured secret, or one generated and kept in var/."""
        if self.rightsline_secret is not None:
            return self.rightsline_secret.get_secret_value().encode()
        path = self.var_dir / "secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return path.read_text().strip().encode()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings()
