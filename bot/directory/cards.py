"""Turn search results into the values of the ``utter_service_card`` response."""

from __future__ import annotations

from babel.dates import format_time
from babel.numbers import format_decimal

from bot.directory.search import OpeningPeriod, ServiceCard
from bot.i18n.locales import country_name, isolate, language_name
from bot.i18n.render import Renderer


def _periods(periods: tuple[OpeningPeriod, ...], language: str, renderer: Renderer) -> str:
    return ", ".join(
        renderer.phrase("all_day", language)
        if p.opens_at == p.closes_at
        else f"{format_time(p.opens_at, 'short', locale=language)}–"
        f"{format_time(p.closes_at, 'short', locale=language)}"
        for p in periods
    )


def card_values(card: ServiceCard, *, language: str, renderer: Renderer) -> dict[str, str]:
    """Placeholder values of one card, every word in ``language``."""
    phrase = renderer.phrase
    summary = card.description or ""
    if not card.translated and summary:
        summary = f"{summary} {phrase('original_language', language)}"
    country = country_name(card.country, in_language=language) if card.country else ""
    where = ", ".join(part for part in (card.city, country) if part)
    if card.distance_km is not None:
        number = format_decimal(card.distance_km, format="0.0", locale=language)
        distance = phrase("distance", language, distance=number)
        where = f"{distance} · {where}" if where else distance
    if not card.has_hours:
        hours = phrase("by_appointment", language)
    elif card.hours_today or card.open_now:  # open now may be last night's period
        parts = [phrase("open_now" if card.open_now else "closed_now", language)]
        if card.hours_today:
            periods = _periods(card.hours_today, language, renderer)
            parts.append(phrase("today", language, periods=periods))
        hours = " · ".join(parts)
    else:
        hours = phrase("closed_today", language)
    badges = [phrase(name, language) for name, on in (("free", card.free),
              ("no_documents", card.no_documents)) if on]  # fmt: skip
    return {
        "name": card.name,
        "summary": summary,
        "where": where,
        "hours": hours,
        "phones": ", ".join(isolate(p, language) for p in card.phones)
        or phrase("no_phone", language),
        "spoken": ", ".join(language_name(code, in_language=language) for code in card.languages),
        "badges": " · ".join(f"✅ {b}" for b in badges),
    }
