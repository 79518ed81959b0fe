"""Turn what a person writes about a place into an ISO country code."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from babel import Locale

from bot.i18n.locales import registry

#: The launch languages of PRODUCT.md: country names are understood in all of them.
LAUNCH_LANGUAGES = ("en", "fr", "es", "ar", "uk", "ru")


def fold(text: str) -> str:
    """Lowercase, without accents and surrounding punctuation: ``  España! `` → ``espana``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(" .!?,;:")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded country name in every served language and English → ISO code."""
    names: dict[str, str] = {}
    for language in {*LAUNCH_LANGUAGES, *registry().codes}:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold(name), code)
    return names


def normalise_country(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code for a country name (any served language) or code, else None."""
    if not text:
        return None
    folded = fold(text)
    if len(folded) == 2 and folded.isalpha() and folded.upper() in Locale("en").territories:
        return folded.upper()
    return _country_names().get(folded)
