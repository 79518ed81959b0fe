"""The locale registry (locales/languages.yml) and language negotiation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError, negotiate_locale

from bot.errors import ContentError
from bot.settings import ROOT

LOCALES_DIR = ROOT / "locales"


@dataclass(frozen=True)
class LanguageRegistry:
    """The languages the assistant answers in, and the default one."""

    default: str
    codes: tuple[str, ...]

    def negotiate(self, *candidates: str | None) -> str:
        """First candidate (``pt-BR``, ``pt_BR``, ``fr``…) the registry serves, else the default.

        Candidates come in priority order: explicit choice, stored preference, the client's
        language code, the language detected from the message.
        """
        for candidate in candidates:
            if not candidate:
                continue
            tag = candidate.replace("-", "_")
            found = negotiate_locale([tag, tag.split("_")[0]], list(self.codes), sep="_")
            if found:
                return found
        return self.default

    def supports(self, code: str | None) -> bool:
        """Whether ``code`` is one of the registry's languages."""
        return code in self.codes


def load_registry(path: Path = LOCALES_DIR / "languages.yml") -> LanguageRegistry:
    """Read and validate the registry file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    codes = data.get("languages") or []
    default = data.get("default")
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes) or not codes:
        raise ContentError(path, None, "`languages` must be a list of locale codes, e.g. [en, fr]")
    for code in codes:
        try:
            Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            raise ContentError(path, None, f"`{code}` is not a locale code Babel knows") from None
    if not isinstance(default, str) or default not in codes:
        raise ContentError(path, None, f"`default: {default}` must be one of the languages")
    return LanguageRegistry(default=default, codes=tuple(codes))


@lru_cache(maxsize=1)
def registry() -> LanguageRegistry:
    """The registry of this process, read once."""
    return load_registry()


def language_name(code: str, *, in_language: str) -> str:
    """Name of language ``code`` written in ``in_language`` (``fr`` in ``en`` → ``French``)."""
    try:
        name = Locale.parse(code).get_display_name(in_language)
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:] if name else code


def country_name(code: str, *, in_language: str) -> str:
    """Name of country ``code`` (ISO 3166-1) written in ``in_language``; the code if unknown."""
    return str(Locale.parse(in_language).territories.get(code.upper(), code))


#: Unicode first-strong isolate and pop directional isolate (UAX #9).
FSI, PDI = "\u2068", "\u2069"


@lru_cache(maxsize=32)
def is_rtl(language: str) -> bool:
    """Whether ``language`` is written right to left (Arabic, Persian, Pashto…)."""
    try:
        return bool(Locale.parse(language).character_order == "right-to-left")
    except (ValueError, UnknownLocaleError):
        return False


def isolate(text: str, language: str) -> str:
    """``text`` wrapped in directional isolates when it goes into a right-to-left sentence, so
    phone numbers, Latin names and numbers keep their own direction in Telegram."""
    if not text or not is_rtl(language) or text.startswith(FSI):
        return text
    return f"{FSI}{text}{PDI}"
