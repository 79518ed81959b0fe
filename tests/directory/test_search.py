"""Directory search on SQLite and PostgreSQL: scope, widening, ranking, hours, filters."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, datetime, time, timezone

import pytest
from sqlalchemy.orm import Session

from bot.directory.models import (
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCategory,
    ServiceLanguage,
    ServiceStatus,
    ServiceTranslation,
)
from bot.directory.places import nearest_place
from bot.directory.search import (
    SearchQuery,
    find_place,
    haversine_km,
    is_open,
    search,
    stale_services,
)
from bot.places import fold
from bot.storage.db import session_scope

# Monday 2026-11-23, 10:00 UTC = 11:00 in Warsaw.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
WARSAW = (52.2297, 21.0122)
_ids = itertools.count(1)


def add_service(
    session: Session,
    name: str,
    *,
    category: str = "legal_aid",
    city: str | None = "Warsaw",
    country: str = "PL",
    at: tuple[float, float] | None = WARSAW,
    verified: date = date(2026, 11, 1),
    hours: tuple[tuple[int, time, time], ...] = ((1, time(9), time(17)),),
    tz: str = "Europe/Warsaw",
    languages: tuple[str, ...] = ("pl", "en"),
    free: bool = True,
    no_documents: bool = False,
    status: ServiceStatus = ServiceStatus.active,
    remote: bool = False,
    translations: dict[str, str] | None = None,
) -> Service:
    n = next(_ids)
    org = Organization(id=f"o{n}", name=f"{name} org", sample=True)
    service = Service(
        id=f"s{n}",
        organization_id=org.id,
        name=name,
        description=f"{name} helps.",
        status=status,
        free_of_charge=free,
        no_documents_required=no_documents,
        last_verified_on=verified,
        verified_by="tester",
    )
    service.categories = [ServiceCategory(category=category)]
    service.languages = [ServiceLanguage(code=c) for c in languages]
    service.phones = [Phone(id=f"p{n}", number=f"+48 000 000 {n:03d}")]
    service.schedules = [
        Schedule(id=f"h{n}-{i}", weekday=d, opens_at=o, closes_at=c, timezone=tz)
        for i, (d, o, c) in enumerate(hours)
    ]
    service.translations = [
        ServiceTranslation(language=lang, name=text) for lang, text in (translations or {}).items()
    ]
    session.add_all([org, service])
    if city is not None:
        location = Location(
            id=f"l{n}",
            city=city,
            city_key=fold(city),
            country=country,
            latitude=at[0] if at else None,
            longitude=at[1] if at else None,
        )
        session.add(location)
        service.at_locations = [ServiceAtLocation(id=f"a{n}", location_id=location.id)]
    if remote:
        service.areas = [ServiceArea(id=f"r{n}", remote=True)]
    session.flush()
    return service


@pytest.fixture
def db(migrated_database: str) -> Session:  # type: ignore[misc]
    with session_scope() as session:
        yield session


def names(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.name for c in result.cards]


def test_category_and_city(db: Session) -> None:
    add_service(db, "Warsaw Law")
    add_service(db, "Krakow Law", city="Kraków", at=(50.06, 19.94))
    add_service(db, "Warsaw Shelter", category="shelter")
    result = search(db, SearchQuery(category="legal_aid", country="PL", city="warsaw"), now=NOW)
    assert names(result) == ["Warsaw Law"]
    assert result.widened_to is None
    spelled = search(db, SearchQuery(category="legal_aid", city="KRAKOW"), now=NOW)
    assert names(spelled) == ["Krakow Law"]


def test_unknown_town_widens_to_the_country_then_remote(db: Session) -> None:
    add_service(db, "Warsaw Law")
    add_service(db, "Online Law", city=None, remote=True)
    town = search(db, SearchQuery(category="legal_aid", country="PL", city="Nowhere"), now=NOW)
    assert names(town) == ["Warsaw Law"]
    assert town.widened_to == "country"
    abroad = search(db, SearchQuery(category="legal_aid", country="FR"), now=NOW)
    assert names(abroad) == ["Online Law"]
    assert abroad.widened_to == "remote"
    assert search(db, SearchQuery(category="shelter", country="FR"), now=NOW).total == 0


def test_stale_and_inactive_services_are_hidden(db: Session) -> None:
    add_service(db, "Fresh")
    add_service(db, "Old", verified=date(2025, 1, 1))
    add_service(db, "Closed", status=ServiceStatus.temporarily_closed)
    result = search(db, SearchQuery(country="PL"), now=NOW)
    assert names(result) == ["Fresh"]
    assert [s.name for s in stale_services(db, today=NOW.date())] == ["Old"]
    assert names(search(db, SearchQuery(country="PL"), now=NOW, max_age_days=1000)) == [
        "Fresh",
        "Old",
    ]


def test_ranking_open_now_then_recently_verified_then_distance(db: Session) -> None:
    closed = ((2, time(9), time(17)),)  # Tuesdays only
    add_service(db, "A closed near", hours=closed, at=WARSAW)
    add_service(db, "B open far", at=(52.30, 21.10))
    add_service(db, "C open near old", at=WARSAW, verified=date(2026, 3, 1))
    add_service(db, "D open near", at=(52.2300, 21.0125))
    result = search(db, SearchQuery(near=WARSAW, limit=10), now=NOW)
    assert names(result) == ["D open near", "B open far", "C open near old", "A closed near"]
    assert result.cards[0].distance_km is not None
    assert result.cards[0].distance_km < 0.1
    assert [c.open_now for c in result.cards] == [True, True, True, False]


def test_hours_across_midnight_and_time_zones() -> None:
    night = [Schedule(weekday=5, opens_at=time(22), closes_at=time(2), timezone="Europe/Warsaw")]
    friday_late = datetime(2026, 11, 27, 22, 30, tzinfo=timezone.utc)  # 23:30 Friday
    assert is_open(night, friday_late)
    saturday_early = datetime(2026, 11, 28, 0, 30, tzinfo=timezone.utc)  # 01:30 Saturday
    assert is_open(night, saturday_early)
    saturday_late = datetime(2026, 11, 28, 1, 30, tzinfo=timezone.utc)  # 02:30 Saturday
    assert not is_open(night, saturday_late)
    bogota = [Schedule(weekday=1, opens_at=time(8), closes_at=time(12), timezone="America/Bogota")]
    assert not is_open(bogota, NOW)  # 05:00 in Bogotá
    assert is_open(bogota, NOW.replace(hour=14))  # 09:00 in Bogotá
    all_day = [Schedule(weekday=1, opens_at=time(0), closes_at=time(0), timezone="UTC")]
    assert is_open(all_day, NOW)


def test_filters_languages_free_no_documents_open_now(db: Session) -> None:
    add_service(db, "Arabic", languages=("ar",), free=False)
    add_service(db, "French free", languages=("fr",), no_documents=True)
    add_service(db, "Evening", hours=((1, time(18), time(21)),))
    q = SearchQuery(country="PL", limit=10)
    assert names(search(db, replace_q(q, languages=("ar",)), now=NOW)) == ["Arabic"]
    assert "Arabic" not in names(search(db, replace_q(q, free=True), now=NOW))
    assert names(search(db, replace_q(q, no_documents=True), now=NOW)) == ["French free"]
    assert "Evening" not in names(search(db, replace_q(q, open_now=True), now=NOW))


def replace_q(query: SearchQuery, **changes: object) -> SearchQuery:
    return replace(query, **changes)  # type: ignore[arg-type]


def test_card_in_the_persons_language_or_original_with_a_flag(db: Session) -> None:
    add_service(db, "Pomoc Prawna", translations={"fr": "Aide juridique"})
    french = search(db, SearchQuery(country="PL", language="fr"), now=NOW).cards[0]
    assert (french.name, french.translated) == ("Aide juridique", True)
    arabic = search(db, SearchQuery(country="PL", language="ar"), now=NOW).cards[0]
    assert (arabic.name, arabic.translated) == ("Pomoc Prawna", False)
    assert arabic.phones
    assert arabic.hours_today[0].opens_at == time(9)
    assert arabic.sample


def test_pages_and_show_more(db: Session) -> None:
    for i in range(5):
        add_service(db, f"Service {i}")
    first = search(db, SearchQuery(country="PL", limit=3), now=NOW)
    assert (len(first.cards), first.total, first.has_more) == (3, 5, True)
    second = search(db, SearchQuery(country="PL", limit=3, offset=3), now=NOW)
    assert (len(second.cards), second.has_more) == (2, False)


def test_haversine_warsaw_krakow() -> None:
    assert 250 < haversine_km(WARSAW, (50.0647, 19.9450)) < 260


def test_city_names_in_other_languages(db: Session) -> None:
    add_service(db, "Warsaw Law")
    for name in ("Warszawa", "Варшава", "وارسو", "varsovie"):
        result = search(db, SearchQuery(category="legal_aid", city=name), now=NOW)
        assert names(result) == ["Warsaw Law"], name
        assert result.widened_to is None
    assert find_place(db, "Варшава") == ("PL", "Warsaw")
    assert find_place(db, "Atlantis") is None


def test_a_city_with_nothing_widens_to_nearby_cities_before_the_country(db: Session) -> None:
    add_service(db, "Amman Shelter", category="shelter", city="Amman", country="JO",
                at=(31.95, 35.93), tz="Asia/Amman")  # fmt: skip
    add_service(db, "Aqaba Shelter", category="shelter", city="Aqaba", country="JO",
                at=(29.53, 35.01), tz="Asia/Amman")  # fmt: skip
    result = search(db, SearchQuery(category="shelter", country="JO", city="الزرقاء"), now=NOW)
    assert names(result) == ["Amman Shelter"]
    assert result.widened_to == "nearby"
    assert result.cards[0].distance_km == pytest.approx(17, abs=5)
    far = search(db, SearchQuery(category="shelter", country="JO", city="Irbid"), now=NOW)
    assert far.widened_to == "nearby"
    assert names(far) == ["Amman Shelter"]
    unknown = search(db, SearchQuery(category="shelter", country="JO", city="Wadi Rum"), now=NOW)
    assert unknown.widened_to == "country"
    assert set(names(unknown)) == {
        "Amman Shelter",
        "Aqaba Shelter",
    }


def test_a_service_area_brings_a_service_to_cities_it_serves(db: Session) -> None:
    service = add_service(db, "Warsaw Mobile Law")
    service.areas = [ServiceArea(id="area-krakow", country="PL", city_key="krakow")]
    db.flush()
    result = search(db, SearchQuery(category="legal_aid", country="PL", city="Cracovie"), now=NOW)
    assert names(result) == ["Warsaw Mobile Law"]
    assert result.widened_to is None


def test_nearest_known_city_of_a_point() -> None:
    place = nearest_place((52.25, 21.05), max_km=50)
    assert place is not None
    assert (place.country, place.city) == ("PL", "Warsaw")
    assert nearest_place((0.0, 0.0), max_km=50) is None
