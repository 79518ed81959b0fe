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

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select
from sqlalchemy.orm import Session

from bot.directory.models import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCategory,
    ServiceLanguage,
    ServiceStatus,
)
from bot.directory.places import canonical_city
from bot.places import fold

#: Verified within this many days counts as "verified recently" for ranking.
RECENT_DAYS = 90
EARTH_RADIUS_KM = 6371.0


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
    widened_to: str | None = None  # None, "country" or "remote"
    query: SearchQuery = field(default_factory=SearchQuery)

    @property
    def has_more(self) -> bool:
        """Whether a "show more" makes sense."""
        return self.query.offset + len(self.cards) < self.total


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


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _local(now: datetime, timezone: str) -> datetime:
    return now.astimezone(ZoneInfo(timezone))


def is_open(schedules: Iterable[Schedule], now: datetime) -> bool:
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


def hours_today(schedules: Iterable[Schedule], now: datetime) -> tuple[OpeningPeriod, ...]:
    """The periods of the local weekday, earliest first."""
    periods = [
        OpeningPeriod(s.opens_at, s.closes_at)
        for s in schedules
        if s.weekday == _local(now, s.timezone).isoweekday()
    ]
    return tuple(sorted(periods, key=lambda p: p.opens_at))


def _scope(
    statement: Select[tuple[object, ...]], query: SearchQuery, scope: str
) -> Select[tuple[object, ...]]:
    """Restrict candidates to the city, the country, a box around a point, or remote ones."""
    area = select(ServiceArea.id).where(ServiceArea.service_id == Service.id)
    if scope == "remote":
        return statement.where(exists(area.where(ServiceArea.remote.is_(True))))
    if scope == "near" and query.near is not None:
        lat, lon = query.near
        dlat = query.radius_km / 111.0
        dlon = query.radius_km / max(1e-6, 111.0 * math.cos(math.radians(lat)))
        return statement.where(
            Location.latitude.between(lat - dlat, lat + dlat),
            Location.longitude.between(lon - dlon, lon + dlon),
        )
    if scope == "city" and query.city:
        known = canonical_city(query.city)
        key = fold(known[1] if known else query.city)
        in_city = and_(Location.city_key == key, *_country_filter(Location.country, query))
        served = exists(
            area.where(ServiceArea.city_key == key, *_country_filter(ServiceArea.country, query))
        )
        return statement.where(or_(in_city, served))
    if query.country:
        served = exists(
            area.where(ServiceArea.country == query.country, ServiceArea.city_key.is_(None))
        )
        return statement.where(or_(Location.country == query.country, served))
    return statement


def _country_filter(column: Any, query: SearchQuery) -> list[ColumnElement[bool]]:
    return [column == query.country] if query.country else []


def _candidates(
    session: Session, query: SearchQuery, scope: str, *, today: date, max_age_days: int
) -> list[_Candidate]:
    statement: Select[Any] = (
        select(
            Service.id,
            Service.name,
            Service.last_verified_on,
            Location.city,
            Location.country,
            Location.latitude,
            Location.longitude,
        )
        .select_from(Service)
        .outerjoin(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .outerjoin(Location, Location.id == ServiceAtLocation.location_id)
        .where(
            Service.status == ServiceStatus.active,
            Service.last_verified_on >= today - timedelta(days=max_age_days),
        )
    )
    if query.category:
        statement = statement.where(
            exists(
                select(ServiceCategory.service_id).where(
                    ServiceCategory.service_id == Service.id,
                    ServiceCategory.category == query.category,
                )
            )
        )
    if query.free:
        statement = statement.where(Service.free_of_charge.is_(True))
    if query.no_documents:
        statement = statement.where(Service.no_documents_required.is_(True))
    if query.languages:
        statement = statement.where(
            exists(
                select(ServiceLanguage.service_id).where(
                    ServiceLanguage.service_id == Service.id,
                    ServiceLanguage.code.in_(query.languages),
                )
            )
        )
    statement = _scope(statement, query, scope)
    best: dict[str, _Candidate] = {}
    for row in session.execute(statement):
        candidate = _Candidate(*row)
        if query.near is not None and candidate.latitude is not None:
            distance = haversine_km(query.near, (candidate.latitude, candidate.longitude or 0.0))
            if scope == "near" and distance > query.radius_km:
                continue
            candidate = replace(candidate, distance_km=distance)
        kept = best.get(candidate.service_id)
        if kept is None or (candidate.distance_km or math.inf) < (kept.distance_km or math.inf):
            best[candidate.service_id] = candidate  # one row per service: its nearest location
    return list(best.values())


def _schedules(session: Session, service_ids: Sequence[str]) -> dict[str, list[Schedule]]:
    by_service: dict[str, list[Schedule]] = defaultdict(list)
    for chunk_start in range(0, len(service_ids), 500):
        chunk = service_ids[chunk_start : chunk_start + 500]
        for schedule in session.scalars(select(Schedule).where(Schedule.service_id.in_(chunk))):
            by_service[schedule.service_id].append(schedule)
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


def _card(
    session: Session,
    candidate: _Candidate,
    schedules: list[Schedule],
    query: SearchQuery,
    now: datetime,
) -> ServiceCard:
    service = session.get_one(Service, candidate.service_id)
    organization = session.get_one(Organization, service.organization_id)
    translation = next((t for t in service.translations if t.language == query.language), None)
    translated = translation is not None or service.original_language == query.language
    return ServiceCard(
        service_id=service.id,
        name=translation.name if translation else service.name,
        description=translation.description if translation else service.description,
        translated=translated,
        organization=organization.name,
        city=candidate.city,
        country=candidate.country,
        latitude=candidate.latitude,
        longitude=candidate.longitude,
        distance_km=candidate.distance_km,
        open_now=candidate.open_now,
        has_hours=bool(schedules),
        hours_today=hours_today(schedules, now),
        phones=tuple(p.number for p in sorted(service.phones, key=lambda p: p.id)),
        languages=tuple(sorted(lang.code for lang in service.languages)),
        free=service.free_of_charge,
        no_documents=service.no_documents_required,
        last_verified_on=service.last_verified_on,
        sample=organization.sample,
    )


def search(
    session: Session, query: SearchQuery, *, now: datetime, max_age_days: int = 365
) -> SearchResult:
    """Search, widening from the city (or point) to the country, then to remote services."""
    scopes = ["near"] if query.near is not None else []
    if query.city:
        scopes.append("city")
    if query.country or not scopes:
        scopes.append("country")
    scopes.append("remote")
    today = now.date()
    for index, scope in enumerate(scopes):
        candidates = _candidates(session, query, scope, today=today, max_age_days=max_age_days)
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
        cards = tuple(_card(session, c, schedules.get(c.service_id, []), query, now) for c in page)
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
