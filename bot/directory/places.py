"""The directory's cities (data/directory/places.csv): other names in every language, centres.

A campaign team adds a line per city: its country, the name used in the services sheet, the
coordinates of its centre (decimal degrees) and the other names people type (local spelling,
names in the launch languages). The centre lets a search widen to nearby cities and turns a
shared location into a place.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.errors import ContentError
from bot.places import fold, normalise_country
from bot.settings import ROOT

PLACES_FILE = ROOT / "data" / "directory" / "places.csv"
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Place:
    """One city of places.csv."""

    country: str
    city: str
    centre: tuple[float, float]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def load_places(path: Path = PLACES_FILE) -> dict[str, Place]:
    """Folded name (main or alternate) → the place; a bad line raises ContentError."""
    places: dict[str, Place] = {}
    if not path.exists():
        return places
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            country = normalise_country(row.get("country") or "")
            city = (row.get("city") or "").strip()
            if country is None or not city:
                raise ContentError(path, number, "each line needs a country code and a city")
            try:
                centre = (float(row.get("latitude") or ""), float(row.get("longitude") or ""))
            except ValueError:
                raise ContentError(
                    path, number, "latitude and longitude must be decimal degrees, e.g. 52.2297"
                ) from None
            place = Place(country, city, centre)
            for name in [city, *(row.get("alternate_names") or "").split(";")]:
                if name.strip():
                    places.setdefault(fold(name), place)
    return places


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """The places of this process, read once."""
    return load_places()


def known_place(text: str) -> Place | None:
    """The place for any known name of a city: ``Warszawa`` → Warsaw, PL."""
    return places().get(fold(text))


def canonical_city(text: str) -> tuple[str, str] | None:
    """(country, city) for any known name of a city: ``Warszawa`` → (``PL``, ``Warsaw``)."""
    place = known_place(text)
    return (place.country, place.city) if place else None


def city_key(name: str) -> str:
    """The search key of a city: its directory name folded, whatever spelling was used."""
    known = canonical_city(name)
    return fold(known[1] if known else name)


def nearest_place(point: tuple[float, float], *, max_km: float) -> Place | None:
    """The known city whose centre is nearest to ``point``, if within ``max_km``."""
    distance, place = min(
        ((haversine_km(point, p.centre), p) for p in set(places().values())),
        default=(math.inf, None),
        key=lambda pair: pair[0],
    )
    return place if distance <= max_km else None
