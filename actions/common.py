"""Helpers shared by the actions: names, the conversation's language, running blocking work."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from bot.directory.search import place_of_point as directory_place_of_point
from bot.i18n.locales import registry
from bot.storage.db import session_scope

T = TypeVar("T")

# Slot and intent names the actions rely on; a test checks them against domain.yml.
SLOT_LANGUAGE = "language"
SLOT_REPLY_LANGUAGE = "reply_language"
SLOT_LANGUAGE_CHOSEN = "language_chosen"
SLOT_COUNTRY = "country"
SLOT_CITY = "city"
SLOT_SERVICE_TYPE = "service_type"
SLOT_HANDOFF_ACTIVE = "handoff_active"
SLOT_SEARCH_PAGE = "search_page"
SLOT_LATITUDE = "latitude"
SLOT_LONGITUDE = "longitude"
INTENT_FALLBACK = "nlu_fallback"
INTENT_SHOW_MORE = "show_more"

#: Intents that never make sense as "did you mean" topic buttons.
NOT_TOPICS = frozenset(
    {
        "greet",
        "goodbye",
        "thank",
        "affirm",
        "deny",
        "out_of_scope",
        "bot_challenge",
        "help",
        "nlu_fallback",
        "inform_location",
        "change_language",
    }
)
#: Offered when the classifier has no plausible topic at all.
DEFAULT_TOPICS = ("ask_labour_rights", "find_service", "request_human")


def language_of(tracker: Tracker) -> str:
    """The language of this turn's answers: the one the person just clearly wrote in, else
    the conversation's ``language`` slot, negotiated against the registry."""
    return registry().negotiate(
        tracker.get_slot(SLOT_REPLY_LANGUAGE), tracker.get_slot(SLOT_LANGUAGE)
    )


def shared_point(tracker: Tracker, *, latest_message: bool = False) -> tuple[float, float] | None:
    """The location the person shared: in their latest message only, or still in the slots."""
    if latest_message:
        values = [
            next(tracker.get_latest_entity_values(n), None) for n in (SLOT_LATITUDE, SLOT_LONGITUDE)
        ]
    else:
        values = [tracker.get_slot(SLOT_LATITUDE), tracker.get_slot(SLOT_LONGITUDE)]
    try:
        lat, lon = (float(v) for v in values)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def place_of_point(point: tuple[float, float]) -> tuple[str, str] | None:
    """(country, city) of a shared location, when a known city or service is close to it."""
    with session_scope() as session:
        return directory_place_of_point(session, point)


def forget_point() -> list[EventType]:
    """Events that drop a shared location (the person typed another place)."""
    return [SlotSet(SLOT_LATITUDE, None), SlotSet(SLOT_LONGITUDE, None)]


async def blocking(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run database or file work off the event loop."""
    return await asyncio.to_thread(func, *args, **kwargs)
