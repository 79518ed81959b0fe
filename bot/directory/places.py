"""Other names of the directory's cities (data/directory/places.csv), in every language.

A campaign team adds a line per city: its country, the name used in the services sheet, and
the other names people type (local spelling, names in the launch languages).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from bot.errors import ContentError
from bot.places import fold, normalise_country
from bot.settings import ROOT

PLACES_FILE = ROOT / "data" / "directory" / "places.csv"


def load_aliases(path: Path = PLACES_FILE) -> dict[str, tuple[str, str]]:
    """Folded name (main or alternate) → (country code, city name as in the services sheet)."""
    aliases: dict[str, tuple[str, str]] = {}
    if not path.exists():
        return aliases
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            country = normalise_country(row.get("country") or "")
            city = (row.get("city") or "").strip()
            if country is None or not city:
                raise ContentError(path, number, "each line needs a country code and a city")
            for name in [city, *(row.get("alternate_names") or "").split(";")]:
                if name.strip():
                    aliases.setdefault(fold(name), (country, city))
    return aliases


@lru_cache(maxsize=1)
def aliases() -> dict[str, tuple[str, str]]:
    """The aliases of this process, read once."""
    return load_aliases()


def canonical_city(text: str) -> tuple[str, str] | None:
    """(country, city) for any known name of a city: ``Warszawa`` → (``PL``, ``Warsaw``)."""
    return aliases().get(fold(text))
