"""Every setting is documented in .env.example and the README table."""

from __future__ import annotations

from bot.privacy import pseudonymise
from bot.settings import ROOT, Settings, get_settings
from bot.text import clean_user_text


def test_every_setting_is_documented() -> None:
    env_example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    for name in Settings.model_fields:
        variable = name.upper()
        assert f"{variable}=" in env_example, f"{variable} missing from .env.example"
        assert f"`{variable}`" in readme, f"{variable} missing from the README table"


def test_a_secret_is_generated_once_and_kept(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("RIGHTSLINE_SECRET")
    get_settings.cache_clear()
    settings = get_settings()
    first = settings.secret()
    assert first == settings.secret()
    assert len(first) == 64
    assert (settings.var_dir / "secret").stat().st_mode & 0o777 == 0o600


def test_pseudonyms_are_stable_keyed_and_channel_specific() -> None:
    a = pseudonymise("telegram", 12345, secret=b"k1")
    assert a == pseudonymise("telegram", "12345", secret=b"k1")
    assert a != pseudonymise("telegram", 12345, secret=b"k2")
    assert a != pseudonymise("console", 12345, secret=b"k1")
    assert "12345" not in a
    assert len(a) == 32


def test_bad_input_is_cleaned() -> None:
    assert clean_user_text("   \n\t ", max_chars=100) == ""
    assert clean_user_text("hi\x00\x07 there\u202e", max_chars=100) == "hi there"
    long = "word " * 2000
    cleaned = clean_user_text(long, max_chars=1000)
    assert len(cleaned) <= 1000
    assert cleaned.endswith("word")
    assert clean_user_text("🙏🙏", max_chars=10) == "🙏🙏"
