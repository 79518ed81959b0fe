"""Babel catalogs (locales/<lang>/LC_MESSAGES/messages.mo), one per language.

The compiled ``.mo`` is used, unless the ``.po`` was edited after it was compiled: then the
``.po`` is read directly (fuzzy entries left out), so a translator's fix is live without a
compile step. ``make install`` compiles them all.

A message missing from a language's catalog falls back to the English source text and is
logged once per language and message (the message id only: it is our text, not the person's).
"""

from __future__ import annotations

import io
import logging
import threading
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from bot.i18n.locales import LOCALES_DIR

logger = logging.getLogger(__name__)

DOMAIN = "messages"


class _LogMissing(NullTranslations):
    """Last fallback of a language: log the first miss of each message, return the source."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self._seen: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def pgettext(self, context: str, message: str) -> str:
        with self._lock:
            first = (context, message) not in self._seen
            self._seen.add((context, message))
        if first:
            logger.warning(
                "missing translation: language=%s context=%s (English used)",
                self.language,
                context,
            )
        return message


class Catalogs:
    """Translations per language, loaded on first use."""

    def __init__(self, locales_dir: Path = LOCALES_DIR) -> None:
        self.locales_dir = locales_dir
        self._loaded: dict[str, NullTranslations] = {}
        self._lock = threading.Lock()

    def _translations(self, language: str) -> NullTranslations:
        with self._lock:
            found = self._loaded.get(language)
            if found is None:
                found = self._load(language)
                found.add_fallback(_LogMissing(language))
                self._loaded[language] = found
            return found

    def _load(self, language: str) -> NullTranslations:
        folder = self.locales_dir / language / "LC_MESSAGES"
        po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
        if po.exists() and (not mo.exists() or po.stat().st_mtime_ns > mo.stat().st_mtime_ns):
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language)
            compiled = io.BytesIO()
            write_mo(compiled, catalog, use_fuzzy=False)
            compiled.seek(0)
            return Translations(fp=compiled, domain=DOMAIN)
        return Translations.load(str(self.locales_dir), [language], DOMAIN)

    def pgettext(self, language: str, context: str, message: str) -> str:
        """The translation of ``message`` (in ``context``) into ``language``."""
        return str(self._translations(language).pgettext(context, message))
