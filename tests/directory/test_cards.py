"""Card values: hours, badges, distance, untranslated texts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from bot.directory.cards import card_values
from bot.directory.search import OpeningPeriod, ServiceCard
from bot.i18n.render import renderer

CARD = ServiceCard(
    service_id="s1", name="Law Centre", description="Free lawyers.", translated=True,
    organization="Org", city="Warsaw", country="PL", latitude=52.2, longitude=21.0,
    distance_km=None, open_now=True, has_hours=True,
    hours_today=(OpeningPeriod(time(9), time(17)),), phones=("+48 000",),
    languages=("pl", "uk"), free=True, no_documents=False,
    last_verified_on=date(2026, 11, 1), sample=True,
)  # fmt: skip


def values(card: ServiceCard) -> dict[str, str]:
    return card_values(card, language="en", renderer=renderer())


def test_an_open_service() -> None:
    v = values(CARD)
    assert v["hours"] == "Open now · Today 9:00\u202fAM–5:00\u202fPM"  # CLDR narrow spaces
    assert v["where"] == "Warsaw, Poland"
    assert v["spoken"] == "Polish, Ukrainian"
    assert v["badges"] == "✅ Free"


def test_distance_untranslated_and_no_phone() -> None:
    v = values(replace(CARD, distance_km=1.234, translated=False, phones=(), no_documents=True))
    assert v["where"] == "1.2 km away · Warsaw, Poland"
    assert v["summary"] == "Free lawyers. (in its original language)"
    assert v["phones"] == "No phone listed"
    assert v["badges"] == "✅ Free · ✅ No documents needed"


def test_hours_variants() -> None:
    assert values(replace(CARD, has_hours=False, hours_today=()))["hours"] == (
        "Hours by appointment"
    )
    assert values(replace(CARD, open_now=False, hours_today=()))["hours"] == "Closed today"
    # open now because last night's period runs past midnight
    assert values(replace(CARD, hours_today=()))["hours"] == "Open now"
    all_day = (OpeningPeriod(time(0), time(0)),)
    assert values(replace(CARD, hours_today=all_day))["hours"] == "Open now · Today 24 hours"


def test_a_card_in_french_and_in_arabic() -> None:
    far = replace(CARD, distance_km=12.345)
    fr = card_values(far, language="fr", renderer=renderer())
    assert fr["where"] == "à 12,3 km · Warsaw, Pologne"  # decimal comma
    assert fr["hours"].endswith("09:00–17:00")
    assert fr["spoken"] == "Polonais, Ukrainien"
    ar = card_values(far, language="ar", renderer=renderer())
    assert ar["phones"] == "\u2068+48 000\u2069"  # keeps its left-to-right order in Arabic
    assert "بولندا" in ar["where"]
    card = renderer().render("utter_service_card", language="ar", arguments=ar)
    assert "\u2068+48 000\u2069" in card.text
