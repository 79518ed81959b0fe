"""Search the directory: plain functions over a SQLAlchemy session (used by actions and CLI).

Two phases keep it fast on large directories: first the candidate services with the few
columns ranking needs (one query, indexed filters), then the details of the page only.
Ranking: open now and verified recently first, then distance, then name. Services whose
verification is older than ``max_age_days`` are never shown to migrants.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import Session, joinedload, selectinload

from bot.directory.models import (
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCategory,
    ServiceLanguage,
    ServiceStatus,
)
from bot.directory.places import canonical_city, city_key, haversine_km, known_place, nearest_place
from bot.places import fold

#: At most this many candidates are ranked per query part (the most recently verified):
#: a country-wide search then stays fast on a large directory.
MAX_CANDIDATES = 300
#: Verified within this many days counts as "verified recently" for ranking.
RECENT_DAYS = 90
#: A city with nothing widens to services this close to its centre before the whole country.
NEARBY_KM = 100.0


@dataclass(frozen=True)
class SearchQuery:
    """What the person (or the campaign team) is looking for."""

    category: str | None = None
    country: str | None = None
    city: str | None = None
    near: tuple[float, float] | None = None
    radius_km: float = 50.0
    languages: tuple[str, ...] = ()
    open_now: bool = False
    free: bool = False
    no_documents: bool = False
    language: str = "en"
    limit: int = 3
    offset: int = 0


@dataclass(frozen=True)
class OpeningPeriod:
    """One opening period, in the service's local time."""

    opens_at: time
    closes_at: time


@dataclass(frozen=True)
class ServiceCard:
    """One result, ready to be rendered as a short card."""

    service_id: str
    name: str
    description: str | None
    translated: bool
    organization: str
    city: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    distance_km: float | None
    open_now: bool
    has_hours: bool
    hours_today: tuple[OpeningPeriod, ...]
    phones: tuple[str, ...]
    languages: tuple[str, ...]
    free: bool
    no_documents: bool
    last_verified_on: date
    sample: bool


@dataclass(frozen=True)
class SearchResult:
    """A page of results, how many there are in all, and how far the search was widened."""

    cards: tuple[ServiceCard, ...]
    total: int
    widened_to: str | None = None  # None, "nearby", "country" or "remote"
    query: SearchQuery = field(default_factory=SearchQuery)

    @property
    def has_more(self) -> bool:
        """Whether a "show more" makes sense."""
        return self.query.offset + len(self.cards) < self.total


@dataclass(frozen=True)
class WeeklyPeriod:
    """One schedule row: ISO weekday, local opening and closing times, IANA time zone."""

    weekday: int
    opens_at: time
    closes_at: time
    timezone: str


@dataclass(frozen=True)
class _Candidate:
    service_id: str
    name: str
    last_verified_on: date
    city: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    distance_km: float | None = None
    open_now: bool = False


def _local(now: datetime, timezone: str) -> datetime:
    return now.astimezone(ZoneInfo(timezone))


def is_open(schedules: Iterable[WeeklyPeriod | Schedule], now: datetime) -> bool:
    """Whether any period is open at ``now`` in its own time zone.

    A period that closes at or before it opens runs past midnight; equal times mean all day.
    """
    for period in schedules:
        local = _local(now, period.timezone)
        today, clock = local.isoweekday(), local.time()
        yesterday = 7 if today == 1 else today - 1
        if period.opens_at == period.closes_at:
            if period.weekday == today:
                return True
        elif period.opens_at < period.closes_at:
            if period.weekday == today and period.opens_at <= clock < period.closes_at:
                return True
        elif (period.weekday == today and clock >= period.opens_at) or (
            period.weekday == yesterday and clock < period.closes_at
        ):
            return True
    return False


def hours_today(
    schedules: Iterable[WeeklyPeriod | Schedule], now: datetime
) -> tuple[OpeningPeriod, ...]:
    """The periods of the local weekday, earliest first."""
    periods = [
        OpeningPeriod(s.opens_at, s.closes_at)
        for s in schedules
        if s.weekday == _local(now, s.timezone).isoweekday()
    ]
    return tuple(sorted(periods, key=lambda p: p.opens_at))


def _scoped(query: SearchQuery, scope: str) -> list[tuple[str, list[ColumnElement[bool]]]]:
    """The scope as (driving table, conditions) parts, one query each.

    A service is in a place when one of its locations is there, or when its service area
    covers it. Each part starts from the table whose index finds it (``location`` or
    ``service_area``); an OR of both in one query would scan every service.
    """
    if scope == "remote":
        return [("area", [ServiceArea.remote.is_(True)])]
    if scope in ("near", "nearby") and query.near is not None:
        lat, lon = query.near
        dlat = query.radius_km / 111.0
        dlon = query.radius_km / max(1e-6, 111.0 * math.cos(math.radians(lat)))
        box: list[ColumnElement[bool]] = [
            Location.latitude.between(lat - dlat, lat + dlat),
            Location.longitude.between(lon - dlon, lon + dlon),
        ]
        return [("location", box)]
    if scope == "city" and query.city:
        known = canonical_city(query.city)
        key = city_key(query.city)
        if known and not query.country:
            query = replace(query, country=known[0])  # lets the (country, city) index work
        return [
            ("location", [Location.city_key == key, *_country_filter(Location.country, query)]),
            ("area", [ServiceArea.city_key == key, *_country_filter(ServiceArea.country, query)]),
        ]
    if query.country:
        return [
            ("location", [Location.country == query.country]),
            ("area", [ServiceArea.country == query.country, ServiceArea.city_key.is_(None)]),
        ]
    return [("service", [])]


def _country_filter(column: Any, query: SearchQuery) -> list[ColumnElement[bool]]:
    return [column == query.country] if query.country else []


def _candidates(
    session: Session, query: SearchQuery, scope: str, *, today: date, max_age_days: int
) -> list[_Candidate]:
    conditions: list[ColumnElement[bool]] = [
        Service.status == ServiceStatus.active,
        Service.last_verified_on >= today - timedelta(days=max_age_days),
    ]
    if query.category:
        conditions.append(
            exists(
                select(ServiceCategory.service_id).where(
                    ServiceCategory.service_id == Service.id,
                    ServiceCategory.category == query.category,
                )
            )
        )
    if query.free:
        conditions.append(Service.free_of_charge.is_(True))
    if query.no_documents:
        conditions.append(Service.no_documents_required.is_(True))
    if query.languages:
        conditions.append(
            exists(
                select(ServiceLanguage.service_id).where(
                    ServiceLanguage.service_id == Service.id,
                    ServiceLanguage.code.in_(query.languages),
                )
            )
        )
    columns = (
        Service.id,
        Service.name,
        Service.last_verified_on,
        Location.city,
        Location.country,
        Location.latitude,
        Location.longitude,
    )
    statements: list[Select[Any]] = []
    for driver, scope_conditions in _scoped(query, scope):
        statement = select(*columns)
        if driver == "location":
            statement = (
                statement.select_from(Location)
                .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
                .join(Service, Service.id == ServiceAtLocation.service_id)
            )
        else:
            if driver == "area":
                statement = statement.select_from(ServiceArea).join(
                    Service, Service.id == ServiceArea.service_id
                )
            else:
                statement = statement.select_from(Service)
            statement = statement.outerjoin(
                ServiceAtLocation, ServiceAtLocation.service_id == Service.id
            ).outerjoin(Location, Location.id == ServiceAtLocation.location_id)
        statements.append(
            statement.where(*conditions, *scope_conditions)
            .order_by(Service.last_verified_on.desc(), Service.id)
            .limit(MAX_CANDIDATES)
        )
    best: dict[str, _Candidate] = {}
    rows = (row for statement in statements for row in session.execute(statement))
    for row in rows:
        candidate = _Candidate(*row)
        if query.near is not None and candidate.latitude is not None:
            distance = haversine_km(query.near, (candidate.latitude, candidate.longitude or 0.0))
            if scope in ("near", "nearby") and distance > query.radius_km:
                continue
            candidate = replace(candidate, distance_km=distance)
        kept = best.get(candidate.service_id)
        if kept is None or (candidate.distance_km or math.inf) < (kept.distance_km or math.inf):
            best[candidate.service_id] = candidate  # one row per service: its nearest location
    return list(best.values())


def _schedules(session: Session, service_ids: Sequence[str]) -> dict[str, list[WeeklyPeriod]]:
    """Every candidate's weekly periods, as plain rows (no ORM objects: it is the hot path)."""
    by_service: dict[str, list[WeeklyPeriod]] = defaultdict(list)
    columns = (
        Schedule.service_id,
        Schedule.weekday,
        Schedule.opens_at,
        Schedule.closes_at,
        Schedule.timezone,
    )
    for start in range(0, len(service_ids), 500):
        chunk = service_ids[start : start + 500]
        for row in session.execute(select(*columns).where(Schedule.service_id.in_(chunk))):
            by_service[row[0]].append(WeeklyPeriod(row[1], row[2], row[3], row[4]))
    return by_service


def _rank(candidates: list[_Candidate], *, today: date) -> list[_Candidate]:
    recent = today - timedelta(days=RECENT_DAYS)
    return sorted(
        candidates,
        key=lambda c: (
            not c.open_now,
            c.last_verified_on < recent,
            c.distance_km if c.distance_km is not None else math.inf,
            c.name.casefold(),
        ),
    )


def _cards(
    session: Session,
    page: list[_Candidate],
    schedules: dict[str, list[WeeklyPeriod]],
    query: SearchQuery,
    now: datetime,
) -> tuple[ServiceCard, ...]:
    """The page's details in a handful of queries, whatever its size."""
    services = {
        s.id: s
        for s in session.scalars(
            select(Service)
            .where(Service.id.in_([c.service_id for c in page]))
            .options(
                joinedload(Service.organization),
                selectinload(Service.translations),
                selectinload(Service.phones),
                selectinload(Service.languages),
            )
        )
    }
    cards = []
    for candidate in page:
        service = services[candidate.service_id]
        translation = next((t for t in service.translations if t.language == query.language), None)
        own = schedules.get(service.id, [])
        cards.append(
            ServiceCard(
                service_id=service.id,
                name=translation.name if translation else service.name,
                description=translation.description if translation else service.description,
                translated=translation is not None or service.original_language == query.language,
                organization=service.organization.name,
                city=candidate.city,
                country=candidate.country,
                latitude=candidate.latitude,
                longitude=candidate.longitude,
                distance_km=candidate.distance_km,
                open_now=candidate.open_now,
                has_hours=bool(own),
                hours_today=hours_today(own, now),
                phones=tuple(p.number for p in sorted(service.phones, key=lambda p: p.id)),
                languages=tuple(sorted(lang.code for lang in service.languages)),
                free=service.free_of_charge,
                no_documents=service.no_documents_required,
                last_verified_on=service.last_verified_on,
                sample=service.organization.sample,
            )
        )
    return tuple(cards)


def _scopes(query: SearchQuery) -> list[tuple[str, SearchQuery]]:
    """Where to look, nearest first: the point, the city, near the city, the country, remote."""
    scopes = [("near", query)] if query.near is not None else []
    if query.city:
        scopes.append(("city", query))
        place = known_place(query.city)
        if place and query.near is None and query.country in (None, place.country):
            scopes.append(("nearby", replace(query, near=place.centre, radius_km=NEARBY_KM)))
    if query.country or not scopes:
        scopes.append(("country", query))
    scopes.append(("remote", query))
    return scopes


def search(
    session: Session, query: SearchQuery, *, now: datetime, max_age_days: int = 365
) -> SearchResult:
    """Search, widening from the point or city to nearby cities, the country, then remote."""
    today = now.date()
    for index, (scope, scoped) in enumerate(_scopes(query)):
        candidates = _candidates(session, scoped, scope, today=today, max_age_days=max_age_days)
        if not candidates:
            continue
        schedules = _schedules(session, [c.service_id for c in candidates])
        candidates = [
            replace(c, open_now=is_open(schedules.get(c.service_id, []), now)) for c in candidates
        ]
        if query.open_now:
            candidates = [c for c in candidates if c.open_now]
            if not candidates:
                continue
        ranked = _rank(candidates, today=today)
        page = ranked[query.offset : query.offset + query.limit]
        cards = _cards(session, page, schedules, query, now)
        widened = None if index == 0 or scope in ("near", "city") else scope
        return SearchResult(cards=cards, total=len(ranked), widened_to=widened, query=query)
    return SearchResult(cards=(), total=0, widened_to=None, query=query)


def find_place(session: Session, text: str) -> tuple[str, str] | None:
    """(country, city) of a city the directory knows, written in any common spelling."""
    known = canonical_city(text)
    if known:
        return known
    key = fold(text)
    row = session.execute(
        select(Location.country, Location.city).where(Location.city_key == key).limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def place_of_point(
    session: Session, point: tuple[float, float], *, max_km: float = 50.0
) -> tuple[str, str] | None:
    """(country, city) of a shared location: the nearest known city centre or service place."""
    lat, lon = point
    dlat, dlon = max_km / 111.0, max_km / max(1e-6, 111.0 * math.cos(math.radians(lat)))
    rows = session.execute(
        select(Location.country, Location.city, Location.latitude, Location.longitude).where(
            Location.latitude.between(lat - dlat, lat + dlat),
            Location.longitude.between(lon - dlon, lon + dlon),
        )
    ).all()
    options = [
        (haversine_km(point, (r[2], r[3])), r[0], r[1]) for r in rows if r[1] and r[3] is not None
    ]
    place = nearest_place(point, max_km=max_km)
    if place:
        options.append((haversine_km(point, place.centre), place.country, place.city))
    distance, country, city = min(options, default=(math.inf, "", ""))
    return (country, city) if distance <= max_km else None


def stale_services(session: Session, *, today: date, max_age_days: int = 365) -> list[Service]:
    """Active services whose last verification is older than ``max_age_days``, oldest first."""
    return list(
        session.scalars(
            select(Service)
            .where(
                Service.status == ServiceStatus.active,
                Service.last_verified_on < today - timedelta(days=max_age_days),
            )
            .order_by(Service.last_verified_on, Service.name)
        )
    )
